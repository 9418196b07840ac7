"""Screenshots of the main pages of a running portal (default http://127.0.0.1:8000, demo data).

Usage: .venv/bin/python scripts/screenshots.py [base_url] [out_dir]
"""

import shutil
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PAGES = [
    # (name, login e-mail or None, path)
    ("home", None, "/"),
    ("ppo-list", None, "/ppo/"),
    ("ppo-detail", None, "/ppo/rkb/"),
    ("login", None, "/accounts/login/"),
    ("cabinet", "rkb@demo.example", "/cabinet/"),
    ("membership", "rkb@demo.example", "/cabinet/membership/"),
    ("admin", "info@demo.example", "/admin/"),
    ("news", None, "/news/"),
    ("archive", None, "/archive/"),
    ("dashboard", "presidium@demo.example", "/dashboard/"),
    ("cabinet-publications", "rkb@demo.example", "/cabinet/publications/"),
    ("cabinet-equipment", "rkb@demo.example", "/cabinet/equipment/"),
    ("cabinet-budget", "rkb@demo.example", "/cabinet/budget/"),
    ("cabinet-archive", "rkb@demo.example", "/cabinet/archive/"),
    ("cabinet-programme", "rkb@demo.example", "/cabinet/programme/"),
    ("moderation", "info@demo.example", "/staff/moderation/"),
    ("handover", "info@demo.example", "/equipment/handover/"),
    ("staff-home", "info@demo.example", "/news/"),
    ("reports-matrix", "info@demo.example", "/staff/reports/"),
    ("rating", "presidium@demo.example", "/rating/"),
    ("cc-list", "presidium@demo.example", "/staff/reports/cc/"),
    ("cabinet-reports", "rkb@demo.example", "/cabinet/reports/"),
    ("cabinet-documents", "rkb@demo.example", "/cabinet/documents/"),
    ("cabinet-contests", "rkb@demo.example", "/cabinet/contests/"),
    ("documents-library", None, "/documents/"),
    ("contests", None, "/contests/"),
    ("documents-matrix", "info@demo.example", "/documents/sent/"),
    ("programmes", "presidium@demo.example", "/programmes/"),
    ("final-report", "presidium@demo.example", "/programmes/1/final-report/"),
    ("presidium-report", "info@demo.example", "/programmes/presidium-report/"),
    ("notifications", "rkb@demo.example", "/notifications/"),
    ("staff-rating", "info@demo.example", "/staff/rating/?year=2025"),
]


def main():
    base = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000"
    out = Path(sys.argv[2] if len(sys.argv) > 2 else "test-artifacts/screens")
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=ARGS)
        for width, suffix in ((1366, ""), (390, "-phone")):
            for name, email, path in PAGES:
                context = browser.new_context(
                    locale="ru-RU", viewport={"width": width, "height": 900}
                )
                page = context.new_page()
                if email:
                    page.goto(f"{base}/accounts/login/")
                    page.fill("#id_login", email)
                    page.fill("#id_password", "demo12345")
                    page.click("button[type=submit]")
                    page.wait_for_load_state("networkidle")
                page.goto(f"{base}{path}")
                page.screenshot(path=str(out / f"{name}{suffix}.png"), full_page=True)
                context.close()
        browser.close()


if __name__ == "__main__":
    main()
