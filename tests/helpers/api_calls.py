"""Calls of the API through Flask's test client that several tests make."""


def start(client, auth, profiles=("https://example.com/me",), consent="self"):
    response = client.post("/api/v1/audits", json={"profiles": list(profiles), "consent": consent}, headers=auth)
    assert response.status_code == 202, response.get_json()
    return response.get_json()
