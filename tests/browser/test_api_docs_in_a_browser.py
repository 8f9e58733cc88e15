"""What a frontend developer does first: open the API docs, authorize, try an endpoint."""

import re

import pytest
from playwright.sync_api import expect
from rest_framework_simplejwt.tokens import RefreshToken

from tests.accounts.factories import SuperAdminFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

DASHBOARD_PATH = "/api/v1/admin-management/tips/dashboard/"


def test_swagger_ui_authorizes_with_a_jwt_and_runs_the_tips_dashboard(live_server, page):
    token = str(RefreshToken.for_user(SuperAdminFactory()).access_token)
    page.goto(f"{live_server.url}/api/v1/docs/swagger/")
    page.locator("button.authorize").first.click()
    page.locator(".auth-container input").first.fill(token)
    page.locator(".auth-btn-wrapper button.authorize").first.click()
    page.locator(".auth-btn-wrapper button.btn-done").first.click()

    operation = page.locator(f".opblock-summary-path[data-path='{DASHBOARD_PATH}']").first
    operation.click()
    block = page.locator(".opblock.is-open").first
    block.locator("button.try-out__btn").click()
    block.locator("button.execute").click()
    status = block.locator(".live-responses-table .response .response-col_status").first
    expect(status).to_have_text(re.compile(r"^\s*200"), timeout=15_000)


def test_redoc_renders_the_api_reference(live_server, page):
    page.goto(f"{live_server.url}/api/v1/docs/redoc/")
    # ReDoc renders the whole schema in the page before the title shows: slow on two cores.
    expect(page.locator("h1").first).to_contain_text("Writing System API", timeout=90_000)
