import os
import sys

import psycopg


def main() -> None:
    with psycopg.connect(os.environ.get("DATABASE_URL", "postgresql://app@db/app")) as conn:
        print(conn.execute("select version()").fetchone()[0])


if __name__ == "__main__":
    if "--check" in sys.argv:
        print("psycopg", psycopg.__version__, psycopg.pq.__impl__, "libpq", psycopg.pq.version())
    else:
        main()
