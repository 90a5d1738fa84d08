"""Sending an export through the API as a client does: start, parts in order, finish."""

PART = 1024 * 1024  # smaller than the server's part size: several parts for a fixture export


def upload_export(post, put, body, consent="self", part=PART):
    """(status, JSON) of the finishing request; post/put(path, data) → (status, JSON)."""
    status, started = post(f"/api/v1/exports?consent={consent}", b"")
    if status != 201:
        return status, started
    for offset in range(0, len(body), part):
        status, answer = put(f"{started['part_url']}?offset={offset}", body[offset:offset + part])
        if status != 200:
            return status, answer
    return post(started["finish_url"], b"")


def client_calls(client, headers):
    """post and put for a Flask test client."""
    def call(method):
        def send(path, data):
            answer = client.open(path, method=method, data=data, headers=headers,
                                 content_type="application/octet-stream")
            return answer.status_code, answer.get_json()
        return send
    return call("POST"), call("PUT")
