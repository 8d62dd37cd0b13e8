def test_an_unknown_page_gets_our_own_not_found_page(client, db, settings):
    settings.DEBUG = False
    response = client.get("/track/no-such-token/")
    assert response.status_code == 404
    assert 'id="not-found"' in response.text
    assert "Page not found" in response.text


def test_the_not_found_page_speaks_the_visitors_language(client, db, settings):
    settings.DEBUG = False
    response = client.get("/track/no-such-token/", headers={"accept-language": "pl"})
    assert response.status_code == 404
    assert 'lang="pl"' in response.text
