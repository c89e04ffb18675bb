"""Smoke test without a network: the app loads, lxml runs an XSLT through libxslt."""

from app import app

client = app.test_client()
response = client.post("/titles", data=b"<feed><item><title>a</title></item><item><title>b</title></item></feed>")
assert response.status_code == 200 and response.get_json() == ["a", "b"], response.data
print(client.get("/healthz").get_json())
