#!/usr/bin/env python3
"""Accessibility audit of Hyoka's pages with axe-core 4.x in headless Chromium.

Usage: python3 scripts/accessibility.py BASE_URL [SCREENSHOT_DIR]

Runs axe-core with the wcag2a, wcag2aa, wcag21a, wcag21aa and best-practice
tags (WCAG 2.1 AA is the level JIS X 8341-3:2016 asks for) on every page type
-- dashboard, document, field (with its indicators), source view, search,
findings, projects by ministry, a project, the comparison across ministries
and the lists behind its counts, an error page and the sign-in page, and, signed
in as the 点検 reviewer named by HYOKA_A11Y_USER with the password in
HYOKA_A11Y_PASSWORD, the audit log -- in Japanese and
English, at 1280 px and at a phone's 390 px. Beside axe it checks the keyboard:
the skip link is the first tab stop and lands in <main>, every focused element
shows an outline, headings start at h1 and never skip a level, and no page is
wider than the window (tables scroll inside their wrappers). Prints every
problem with the elements it concerns, saves a screenshot of each page when
SCREENSHOT_DIR is given, and exits 1 on any problem.

axe.min.js comes from the axe-core-python wheel (PyPI), which bundles it
(MPL-2.0, https://github.com/dequelabs/axe-core). Needs: chromium and
chromium-driver (Debian), selenium and axe-core-python (PyPI).
"""
import json
import os
import sys
import urllib.error
import urllib.request

import axe_core_python
from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service

PAGES = {
    "dashboard": "/",
    "document": "/documents/002",
    "document-narrative": "/documents/003",
    "field": "/documents/002/policies/0/fields/5",
    "source": "/documents/002/source?line=1481&end=1503",
    "search": "/search?q=%E3%83%93%E3%82%B6",
    "findings": "/documents/004_d473122111bbb5a2.part1.txt/findings",
    # With the bundled review sheets imported: projects beside a field, the ministry view, a project, sheets in search.
    "field-projects": "/documents/002/policies/0/fields/9",
    "projects": "/projects?ministry=%E5%A4%96%E5%8B%99%E7%9C%81",
    "project": "/projects/1070",
    "search-sheets": "/search?q=%E5%BA%83%E5%A0%B1%E5%9F%BA%E7%9B%A4",
    # The reviewer's comparison across ministries, and the lists its counts link to.
    "compare": "/compare",
    "compare-documents": "/compare/documents",
    "compare-evaluations": "/compare/evaluations?ministry=%E7%B7%8F%E5%8B%99%E7%9C%81",
    "compare-findings": "/compare/findings?ministry=%E7%B7%8F%E5%8B%99%E7%9C%81",
    "compare-budget": "/compare/budget",
    # The print-ready page of an evaluation (issue 13): its screen view; its print view is the PDF.
    "print": "/documents/000_47f71a321a7ee5e2.txt/print",
    "error": "/documents/no-such-document",
    "login": "/login",
}
# Pages for a signed-in account (HYOKA_A11Y_USER, a reviewer or administrator); left out without one.
SIGNED_IN_PAGES = {
    "audit": "/audit",
}
LANGUAGES = ["ja", "en"]
WIDTHS = {"desktop": 1280, "phone": 390}
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]

# Returns only what the report needs: the full results object is too large for WebDriver to hand back.
RUN_AXE = """
var tags = arguments[0], done = arguments[arguments.length - 1];
axe.run(document, {runOnly: {type: 'tag', values: tags}}).then(function (r) {
  done(JSON.stringify({passes: r.passes.length, violations: r.violations.map(function (v) {
    return {id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map(function (n) {
      return {target: n.target, failureSummary: n.failureSummary || ''}; })}; })}));
}).catch(function (e) { done(JSON.stringify({error: String(e)})); });
"""

# Heading order and page width, read from the rendered page.
LAYOUT = """
var levels = Array.from(document.querySelectorAll('h1,h2,h3,h4,h5,h6')).map(function (h) { return +h.tagName[1]; });
var problems = [];
if (levels[0] !== 1) problems.push('the first heading is h' + levels[0] + ', not h1');
for (var i = 1; i < levels.length; i++) {
  if (levels[i] > levels[i - 1] + 1) { problems.push('heading h' + levels[i] + ' follows h' + levels[i - 1]); break; }
}
var width = document.documentElement.scrollWidth, view = window.innerWidth;
if (width > view + 1) problems.push('the page is ' + width + ' px wide in a ' + view + ' px window');
return problems;
"""

# The element that has focus and whether it shows an outline (or another visible focus style).
FOCUSED = """
var e = document.activeElement, s = getComputedStyle(e);
return {tag: e.tagName.toLowerCase(), cls: e.className || '', href: e.getAttribute('href') || '',
        inMain: !!(e.closest && e.closest('main')) || e.id === 'main',
        visible: (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none'};
"""


def driver():
    options = Options()
    for argument in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,1400", "--hide-scrollbars"]:
        options.add_argument(argument)
    if os.path.exists("/usr/bin/chromium"):
        options.binary_location = "/usr/bin/chromium"
    service = Service("/usr/bin/chromedriver") if os.path.exists("/usr/bin/chromedriver") else Service()
    return webdriver.Chrome(service=service, options=options)


def set_width(browser, width):
    """The viewport, not the window, at `width` CSS pixels (a phone is 390 px wide, 3x dense)."""
    if width >= 1280:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    else:
        browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                                {"width": width, "height": 844, "deviceScaleFactor": 1, "mobile": True})


def keyboard(browser):
    """The skip link first, landing in <main>; then a visible outline on each of the next focus stops."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys
    problems = []
    browser.execute_script("document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0);")
    ActionChains(browser).send_keys(Keys.TAB).perform()
    first = browser.execute_script(FOCUSED)
    if "skip" not in first["cls"] or first["href"] != "#main":
        problems.append(f"the first tab stop is <{first['tag']} class={first['cls']!r}>, not the skip link")
    elif not first["visible"]:
        problems.append("the skip link shows no focus outline")
    else:
        ActionChains(browser).send_keys(Keys.ENTER).perform()
        ActionChains(browser).send_keys(Keys.TAB).perform()
        landed = browser.execute_script(FOCUSED)
        if not landed["inMain"]:
            problems.append(f"after the skip link, focus went to <{landed['tag']}> outside <main>")
    for _ in range(8):
        ActionChains(browser).send_keys(Keys.TAB).perform()
        focused = browser.execute_script(FOCUSED)
        if focused["tag"] == "body":
            break
        if not focused["visible"]:
            problems.append(f"<{focused['tag']} href={focused['href']!r}> shows no focus outline")
            break
    return problems


def sign_in(browser, base, name, password):
    """Signs the browser in through the form; returns the session cookie's header for urllib."""
    from selenium.webdriver.common.by import By
    browser.get(base + "/login")
    browser.find_element(By.NAME, "name").send_keys(name)
    browser.find_element(By.NAME, "password").send_keys(password)
    from selenium.common.exceptions import WebDriverException
    from selenium.webdriver.support.ui import WebDriverWait
    # Mark this page, then wait until the answer to the form has replaced it: checked at once, the
    # old sign-in page could still be there (as scripts/e2e_workflow.py's `follow` waits).
    browser.execute_script("window.hyokaPageBefore = true")
    browser.find_element(By.CSS_SELECTOR, "form.login button[type=submit]").click()

    def arrived(driver):
        try:
            return driver.execute_script("return !window.hyokaPageBefore && document.readyState === 'complete'")
        except WebDriverException:
            return False
    WebDriverWait(browser, 60).until(arrived)
    if not browser.find_elements(By.CSS_SELECTOR, "form[action='/logout']"):
        raise RuntimeError(f"{name} could not sign in")
    return "; ".join(f"{cookie['name']}={cookie['value']}" for cookie in browser.get_cookies())


def http_status(url, cookie=None):
    """The page's HTTP status: an audit of an error page where a page was meant proves nothing."""
    try:
        request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def main() -> int:
    if len(sys.argv) not in (2, 3):
        print(__doc__.strip(), file=sys.stderr)
        return 2
    base = sys.argv[1].rstrip("/")
    screenshots = sys.argv[2] if len(sys.argv) == 3 else None
    with open(os.path.join(os.path.dirname(axe_core_python.__file__), "axe.min.js"), encoding="utf-8") as file:
        axe_source = file.read()
    browser = driver()
    # The pages forbid all scripts (CSP default-src 'none'); the audit's own injected script is let through.
    browser.execute_cdp_cmd("Page.setBypassCSP", {"enabled": True})
    browser.set_script_timeout(120)
    failures = 0
    audits = 0
    pages = dict(PAGES)
    cookie = None
    try:
        # The public pages first, signed out; then the signed-in ones.
        user, password = os.environ.get("HYOKA_A11Y_USER"), os.environ.get("HYOKA_A11Y_PASSWORD")
        if user and password:
            pages.update(SIGNED_IN_PAGES)
        for width_name, width in WIDTHS.items():
            set_width(browser, width)
            for language in LANGUAGES:
                for name, path in pages.items():
                    if name in SIGNED_IN_PAGES and cookie is None:
                        cookie = sign_in(browser, base, user, password)
                    elif name not in SIGNED_IN_PAGES and cookie is not None:
                        browser.delete_all_cookies()
                        cookie = None
                    url = base + path + ("" if language == "ja" else ("&" if "?" in path else "?") + "lang=en")
                    label = f"{name} [{language}, {width} px]"
                    status = http_status(url, cookie)
                    if (status == 200) == (name == "error"):
                        failures += 1
                        print(f"{label}: answered {status}")
                    browser.get(url)
                    browser.execute_script(axe_source)
                    if audits == 0:
                        print("axe-core " + browser.execute_script("return axe.version"))
                    audits += 1
                    results = json.loads(browser.execute_async_script(RUN_AXE, TAGS))
                    if "error" in results:
                        raise RuntimeError(f"axe failed on {label}: {results['error']}")
                    violations = results["violations"]
                    problems = browser.execute_script(LAYOUT) + keyboard(browser)
                    print(f"{label}: {len(violations)} violation(s), {results['passes']} rule(s) passed, {len(problems)} other problem(s)")
                    for violation in violations:
                        failures += 1
                        print(f"  [{violation['impact']}] {violation['id']}: {violation['help']}")
                        for node in violation["nodes"][:5]:
                            print(f"      {node['target']}: {node['failureSummary'].splitlines()[-1].strip()}")
                    for problem in problems:
                        failures += 1
                        print(f"  [keyboard/layout] {problem}")
                    if screenshots and (language == "ja" or name == "field"):
                        browser.execute_script("var h = document.querySelector('.hl'); if (h) { h.scrollIntoView(); window.scrollBy(0, -120); } else { window.scrollTo(0, 0); }")
                        os.makedirs(screenshots, exist_ok=True)
                        suffix = "" if width_name == "desktop" else "-phone"
                        browser.save_screenshot(os.path.join(screenshots, f"{name}{'' if language == 'ja' else '-en'}{suffix}.png"))
    finally:
        browser.quit()
    print(f"accessibility: {failures} violation(s) in {audits} audits of {len(pages)} page types")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
