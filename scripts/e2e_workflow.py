#!/usr/bin/env python3
"""The drafting workflow end to end, in headless Chromium, as the people who do it.

Usage: HYOKA_E2E_PASSWORD=... python3 scripts/e2e_workflow.py BASE_URL DOCUMENT

BASE_URL is a running `hyoka serve` whose store holds DOCUMENT (corpus 000,
外務省's IT広報 sheet) and the accounts author, approver, publisher and expert
of 外務省 and the 点検 reviewer tenken, all with the password in
HYOKA_E2E_PASSWORD (never on the command line). Through the pages only:

1. the author signs in, follows the document page's 「次期の評価書を作成」 link,
   starts the next cycle, types the new year's page-view actual with the
   indicator's unit changed to 回 — the live review shows unit-mismatch beside
   the series, as the earlier years are in 件 — puts the unit back to 件 with
   the value in 件 (the finding goes), invites the expert and submits;
2. the expert signs in and comments, citing the field;
3. the approver approves and the publisher publishes;
4. signed out, the draft's page and the published document show the new
   value; the reviewer's /audit, filtered to the draft, lists every step.

Prints one JSON object (what it saw) on the last line of standard output and
exits 0, or prints the step that failed and exits 1. The caller (a Swift
test) asserts on the JSON and on the store. Needs chromium, chromium-driver
and python3 selenium.
"""
import json
import os
import sys
import urllib.parse

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.support.ui import WebDriverWait

NEW_YEAR = 2025
VIEWS = "アクセス件数"


class Failed(Exception):
    pass


def driver():
    options = Options()
    for argument in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,1400"]:
        options.add_argument(argument)
    if os.path.exists("/usr/bin/chromium"):
        options.binary_location = "/usr/bin/chromium"
    service = Service("/usr/bin/chromedriver") if os.path.exists("/usr/bin/chromedriver") else Service()
    return webdriver.Chrome(service=service, options=options)


class Session:
    def __init__(self, browser, base, password):
        self.browser, self.base, self.password = browser, base, password

    def follow(self, element):
        """Clicks a link or a form's button and waits until the next page has replaced this one."""
        self.browser.execute_script("window.hyokaPageBefore = true")
        element.click()

        def arrived(browser):
            # While the next page loads, the old one may answer or may already be gone: either is "not yet".
            try:
                return browser.execute_script("return !window.hyokaPageBefore && document.readyState === 'complete'")
            except WebDriverException:
                return False
        WebDriverWait(self.browser, 60).until(arrived)

    def open(self, path):
        self.browser.get(self.base + path)

    def sign_in(self, name):
        """A fresh browser session (no cookie of the one before), then the sign-in form."""
        self.open("/login")  # cookies can be deleted only on the site's own pages
        self.browser.delete_all_cookies()
        self.open("/login")
        self.browser.find_element(By.NAME, "name").send_keys(name)
        self.browser.find_element(By.NAME, "password").send_keys(self.password)
        self.follow(self.browser.find_element(By.CSS_SELECTOR, "form.login button[type=submit]"))
        if not self.browser.find_elements(By.CSS_SELECTOR, "form[action='/logout']"):
            raise Failed(f"{name} could not sign in: {self.browser.find_element(By.TAG_NAME, 'main').text[:200]}")

    def sign_out(self):
        self.browser.delete_all_cookies()

    def click_button(self, form_selector):
        self.follow(self.browser.find_element(By.CSS_SELECTOR, form_selector + " button[type=submit]"))

    def views_series(self):
        """The page-view indicator's fieldset on the draft form (found by its title, not by position)."""
        for fieldset in self.browser.find_elements(By.CSS_SELECTOR, "fieldset.draft-series"):
            title = fieldset.find_element(By.CSS_SELECTOR, "legend input")
            if VIEWS in (title.get_attribute("value") or ""):
                return fieldset
        raise Failed("the page-view series is not on the draft form")

    def fill_views(self, unit, actual):
        series = self.views_series()
        unit_input = series.find_element(By.CSS_SELECTOR, "input[name$='.unit']")
        cell = series.find_element(By.CSS_SELECTOR, f"input[name$='.actual.FY{NEW_YEAR}']")
        for element, text in [(unit_input, unit), (cell, actual)]:
            element.clear()
            element.send_keys(text)
        self.follow(series.find_element(By.XPATH, "ancestor::form").find_element(By.CSS_SELECTOR, "button[type=submit]"))

    def views_findings(self):
        return [p.text for p in self.views_series().find_elements(By.CSS_SELECTOR, "p.finding")]

    def views_value(self):
        cell = self.views_series().find_element(By.CSS_SELECTOR, f"input[name$='.actual.FY{NEW_YEAR}']")
        return cell.get_attribute("value")


def run(base, document, password):
    browser = driver()
    seen = {}
    try:
        session = Session(browser, base, password)
        # 1. The author: from the document's page to a draft of the next cycle.
        session.sign_in("author")
        session.open("/documents/" + urllib.parse.quote(document))
        session.follow(browser.find_element(By.PARTIAL_LINK_TEXT, "次期の評価書を作成"))
        selected = browser.find_element(By.CSS_SELECTOR, "select#document option:checked").text
        if document not in selected:
            raise Failed(f"the link did not choose {document}: {selected}")
        session.click_button("form[action^='/drafts']:has(select#document)")
        path = urllib.parse.urlparse(browser.current_url).path
        if not path.startswith("/drafts/"):
            raise Failed(f"starting the draft led to {browser.current_url}")
        seen["draft"] = urllib.parse.unquote(path[len("/drafts/"):])
        seen["findingsBefore"] = session.views_findings()

        session.fill_views("回", "約5.4億回")
        seen["findingsBroken"] = session.views_findings()
        session.fill_views("件", "約5.4億件")
        seen["findingsFixed"] = session.views_findings()
        seen["typedValue"] = session.views_value()

        browser.find_element(By.ID, "expert").send_keys("expert")
        session.click_button("form[action*='/experts']")
        session.click_button("form[action*='/transition']:has(input[value=submit])")
        seen["stateAfterSubmit"] = browser.find_element(By.TAG_NAME, "h1").text

        # 2. The invited expert comments on field 3.
        session.sign_in("expert")
        session.open(path)
        browser.find_element(By.ID, "comment").send_keys("ページビュー数の伸びは評価できる。")
        browser.find_element(By.ID, "fields").send_keys("3")
        session.click_button("form.comment")

        # 3. The approver approves, the publisher publishes.
        session.sign_in("approver")
        session.open(path)
        session.click_button("form[action*='/transition']:has(input[value=approve])")
        seen["stateAfterApprove"] = browser.find_element(By.TAG_NAME, "h1").text
        session.sign_in("publisher")
        session.open(path)
        session.click_button("form[action*='/transition']:has(input[value=publish])")
        seen["stateAfterPublish"] = browser.find_element(By.TAG_NAME, "h1").text

        # 4. The public, signed out: the published version and its document.
        session.sign_out()
        session.open(path)
        seen["publicHeading"] = browser.find_element(By.TAG_NAME, "h1").text
        seen["publicShowsValue"] = "約5.4億件" in browser.page_source
        seen["publicShowsAudit"] = bool(browser.find_elements(By.CSS_SELECTOR, "table.audit"))
        session.open("/documents/" + urllib.parse.quote(seen["draft"] + "-v1.txt"))
        main = browser.find_element(By.TAG_NAME, "main").text
        seen["documentShowsComment"] = "ページビュー数の伸びは評価できる。" in main
        # The field's page, where its indicators are drawn and tabled.
        field_links = browser.find_elements(By.CSS_SELECTOR, "section.policy a[href*='/field/']")
        if not field_links:
            raise Failed("the published document lists no field")
        session.follow(field_links[0])
        seen["documentShowsValue"] = "5.4億" in browser.find_element(By.TAG_NAME, "main").text

        # The 点検 reviewer reads the audit log of the draft.
        session.sign_in("tenken")
        session.open("/audit?limit=500&element=" + urllib.parse.quote("draft:" + seen["draft"] + "/"))
        seen["auditChain"] = browser.find_element(By.CSS_SELECTOR, "main p").text
        seen["audit"] = []
        for row in browser.find_elements(By.CSS_SELECTOR, "table.audit tbody tr"):
            cells = row.find_elements(By.TAG_NAME, "td")
            seen["audit"].append({"sequence": int(cells[0].text), "at": cells[1].text, "actor": cells[2].text,
                                  "action": cells[3].get_attribute("data-action"), "label": cells[3].text,
                                  "element": cells[4].text.rstrip(" ↗"), "change": cells[5].text})
        seen["audit"].sort(key=lambda entry: entry["sequence"])
    finally:
        browser.quit()
    return seen


def main():
    if len(sys.argv) != 3 or not os.environ.get("HYOKA_E2E_PASSWORD"):
        print(__doc__.strip(), file=sys.stderr)
        return 2
    try:
        seen = run(sys.argv[1].rstrip("/"), sys.argv[2], os.environ["HYOKA_E2E_PASSWORD"])
    except Failed as failure:
        print(f"e2e: failed: {failure}")
        return 1
    print(json.dumps(seen, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
