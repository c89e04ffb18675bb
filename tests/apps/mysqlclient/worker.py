import os
import sys

import MySQLdb


def run() -> None:
    db = MySQLdb.connect(host=os.environ.get("MYSQL_HOST", "db"), user="worker", database="jobs")
    cursor = db.cursor()
    cursor.execute("SELECT id FROM jobs WHERE done = 0")
    for (job_id,) in cursor.fetchall():
        print("job", job_id)


if __name__ == "__main__":
    if "--check" in sys.argv:
        print("mysqlclient", MySQLdb.version_info, "client", MySQLdb._mysql.get_client_info())
    else:
        run()
