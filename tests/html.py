"""Pages as a test client sees them."""


def page_html(client, url):
    """The HTML of the page at `url`, which must answer 200."""
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()
