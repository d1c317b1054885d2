#!/usr/bin/env python3
"""Accessibility check of Hyoka's pages with axe-core in headless Chromium.

Usage: python3 scripts/accessibility.py BASE_URL [SCREENSHOT_DIR]

Runs axe-core (WCAG 2.0/2.1 A and AA rules, the level JIS X 8341-3:2016 AA
requires) on the dashboard, a field page, a search page and the source view,
prints every violation with the elements it concerns, saves a screenshot of
each page when SCREENSHOT_DIR is given, and exits 1 on any violation.
Needs: chromium and chromium-driver (Debian), selenium and
axe-selenium-python (PyPI).
"""
import json
import os
import sys

from axe_selenium_python import Axe
from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service

PAGES = {
    "dashboard": "/",
    "field": "/documents/002/policies/0/fields/5",
    "search": "/search?q=%E3%83%93%E3%82%B6",
    "source": "/documents/002/source?line=1481&end=1503",
    "dashboard-en": "/?lang=en",
    "findings": "/documents/004/findings",
    # With the bundled review sheets imported: projects beside a field, the ministry view, a project, sheets in search.
    "field-projects": "/documents/002/policies/0/fields/9",
    "projects": "/projects?ministry=%E5%A4%96%E5%8B%99%E7%9C%81",
    "project": "/projects/1070",
    "search-sheets": "/search?q=%E5%BA%83%E5%A0%B1%E5%9F%BA%E7%9B%A4",
}
# The axe-core bundled with axe-selenium-python knows wcag2a, wcag2aa and wcag21aa (its WCAG 2.1 A rules carry wcag2a).
TAGS = ["wcag2a", "wcag2aa", "wcag21aa"]

# Returns only what the report needs: the full results object is too large for WebDriver to hand back.
RUN_AXE = """
var tags = arguments[0], done = arguments[arguments.length - 1];
axe.run(document, {runOnly: {type: 'tag', values: tags}}).then(function (r) {
  done(JSON.stringify({passes: r.passes.length, violations: r.violations.map(function (v) {
    return {id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map(function (n) {
      return {target: n.target, failureSummary: n.failureSummary || ''}; })}; })}));
}).catch(function (e) { done(JSON.stringify({error: String(e)})); });
"""


def driver():
    options = Options()
    for argument in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,1400", "--hide-scrollbars"]:
        options.add_argument(argument)
    if os.path.exists("/usr/bin/chromium"):
        options.binary_location = "/usr/bin/chromium"
    service = Service("/usr/bin/chromedriver") if os.path.exists("/usr/bin/chromedriver") else Service()
    return webdriver.Chrome(service=service, options=options)


def main() -> int:
    if len(sys.argv) not in (2, 3):
        print(__doc__.strip(), file=sys.stderr)
        return 2
    base = sys.argv[1].rstrip("/")
    screenshots = sys.argv[2] if len(sys.argv) == 3 else None
    browser = driver()
    # The pages forbid all scripts (CSP default-src 'none'); the audit's own injected script is let through.
    browser.execute_cdp_cmd("Page.setBypassCSP", {"enabled": True})
    browser.set_script_timeout(120)
    failures = 0
    try:
        for name, path in PAGES.items():
            browser.get(base + path)
            Axe(browser).inject()
            if name == next(iter(PAGES)):
                print("axe-core " + browser.execute_script("return axe.version"))
            results = json.loads(browser.execute_async_script(RUN_AXE, TAGS))
            if "error" in results:
                raise RuntimeError(f"axe failed on {name}: {results['error']}")
            violations = results["violations"]
            print(f"{name}: {len(violations)} violation(s), {results['passes']} rule(s) passed")
            for violation in violations:
                failures += 1
                print(f"  [{violation['impact']}] {violation['id']}: {violation['help']}")
                for node in violation["nodes"][:5]:
                    print(f"      {node['target']}: {node['failureSummary'].splitlines()[-1].strip()}")
            if screenshots:
                browser.execute_script("var h = document.querySelector('.hl'); if (h) { h.scrollIntoView(); window.scrollBy(0, -120); } else { window.scrollTo(0, 0); }")
                os.makedirs(screenshots, exist_ok=True)
                browser.save_screenshot(os.path.join(screenshots, f"{name}.png"))
    finally:
        browser.quit()
    print(f"accessibility: {failures} violation(s) on {len(PAGES)} pages")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
