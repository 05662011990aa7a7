# Browser test of the search page: the real ptindex and `ptsearch serve`, driven in headless Chromium through chromedriver.
"""Builds an index of sample-corpus/ plus an article carrying script and markup, starts
`ptsearch serve --listen 127.0.0.1:0`, and drives Debian's chromium (python3-selenium):
search, highlights, facet filter, reload, back, the date chart, "more like this", "did you mean",
an access token asked for and used, an API error,
and that no script or markup from an article runs or renders. Exit 77 (skipped) only when
chromium or chromedriver is not installed."""

import argparse
import os
import re
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

SKIP = 77
CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"

XSS_ARTICLE = (
    "Zanzibarxss <img src=x onerror=\"window.pwned=1\"> report\n"
    "\n"
    "The zanzibarxss note says <script>window.pwned=1</script> and then "
    "<img src=x onerror=\"window.pwned=1\"> & <b>bold</b> in its text.\n"
)
XSS_SCRIPT = "<script>window.pwned=1</script>"
XSS_IMG = "<img src=x onerror=\"window.pwned=1\">"

CAMP_DAVID = ["000_a188337ed794e192.txt", "001_da17fc448e34686d.txt"]


def log(*args):
    print(*args, flush=True)


class Failure(Exception):
    pass


def check(condition, message):
    if not condition:
        raise Failure(message)
    log("ok:", message)


def start_server(ptsearch, index, deadline=20.0, token=None):
    """Starts `ptsearch serve` on an ephemeral loopback port (with an access token when given);
    returns (process, base URL)."""
    env = dict(os.environ)
    env.pop("PTSEARCH_TOKEN", None)
    if token:
        env["PTSEARCH_TOKEN"] = token
    proc = subprocess.Popen([ptsearch, "serve", "--listen", "127.0.0.1:0", "--index", index],
                            stdout=subprocess.PIPE, stderr=None, text=True, env=env)
    end = time.monotonic() + deadline
    line = ""
    while time.monotonic() < end:
        ready, _, _ = select.select([proc.stdout], [], [], 0.2)
        if ready:
            line = proc.stdout.readline()
            break
        if proc.poll() is not None:
            break
    match = re.search(r"listening on (http://127\.0\.0\.1:\d+)", line)
    if not match:
        stop_server(proc)
        raise Failure(f"ptsearch serve did not print 'listening on http://127.0.0.1:PORT' (first line: {line!r}, "
                      f"exit status {proc.poll()})")
    log("server:", line.strip())
    # Keep reading its stdout so that a chatty server never blocks on a full pipe.
    threading.Thread(target=lambda: [None for _ in proc.stdout], daemon=True).start()
    return proc, match.group(1)


def stop_server(proc):
    if proc is None or proc.poll() is not None:
        return
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


class Page:
    """The search page in the browser, with waits on the page's own data-state / data-seq."""

    def __init__(self, driver, base):
        from selenium.webdriver.common.by import By
        from selenium.webdriver.support.ui import WebDriverWait
        self.driver, self.base, self.By, self.Wait = driver, base, By, WebDriverWait

    def seq(self):
        return self.driver.execute_script("return Number((document.body && document.body.dataset.seq) || 0)")

    def settled(self, token, after):
        """Waits until the page rendered the URL it is at, after the action tagged `token`
        (a render newer than `after` in the same document, any render in a new one)."""
        script = """
            const b = document.body;
            if (!b || !['ready', 'error'].includes(b.dataset.state)) return null;
            if ((b.dataset.rendered || '') !== location.search) return null;
            if (window.__ptToken === arguments[0] && Number(b.dataset.seq || 0) <= arguments[1]) return null;
            return b.dataset.state;"""
        return self.Wait(self.driver, 15).until(lambda d: d.execute_script(script, token, after))

    def act(self, action):
        """Runs `action` (a click, a key, history, reload) and waits for the render it causes."""
        self.counter = getattr(self, "counter", 0) + 1
        token = f"t{self.counter}"
        self.driver.execute_script("window.__ptToken = arguments[0]", token)
        before = self.seq()
        action()
        return self.settled(token, before)

    def load(self, url):
        return self.act(lambda: self.driver.get(url))

    def css(self, selector):
        return self.driver.find_elements(self.By.CSS_SELECTOR, selector)

    def hit_ids(self):
        return [e.get_attribute("data-id") for e in self.css("#results li.hit")]

    def total(self):
        return int(self.css("#status")[0].get_attribute("data-total"))

    def params(self):
        return urllib.parse.parse_qs(urllib.parse.urlsplit(self.driver.current_url).query)

    def search(self, text):
        box = self.css("#q")[0]
        box.clear()
        box.send_keys(text)
        return self.act(lambda: self.css("#search-form button[type=submit]")[0].click())


TOKEN = "9c1f5e7a3b2d4f6081a7c3e5d9b1f2a4"


def token_scenario(page, base):
    """A server with an access token: the page asks for it, refuses a wrong one, then searches."""
    state = page.load(base + "/?q=taliban")
    check(state == "error" and page.css("#token-form input#token"), "a server with a token makes the page ask for it")
    check("needs an access token" in page.css("#error")[0].text, "the page says why it asks")

    def enter(token):
        box = page.css("#token")[0]
        box.clear()
        box.send_keys(token)
        return page.act(lambda: page.css("#token-form button")[0].click())

    state = enter("not-the-token-0123456789")
    check(state == "error" and "refused" in page.css("#error")[0].text, "a wrong token is refused and asked for again")
    state = enter(TOKEN)
    check(state == "ready" and page.total() > 0 and not page.css("#error")[0].is_displayed(),
          f"with the token the search answers ({page.total()} matches)")
    state = page.search("Camp David ceasefire")
    check(state == "ready" and page.hit_ids()[:2] == CAMP_DAVID, "the token is kept for the next searches")


def run_browser(base, out_dir, token_base=None):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="pt-web-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--window-size=1280,1000", f"--user-data-dir={profile}"]:
        options.add_argument(arg)
    driver = None
    try:
        driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
        driver.set_page_load_timeout(30)
        page = Page(driver, base)
        scenario(page, out_dir)
        if token_base:
            token_scenario(page, token_base)
    finally:
        if driver is not None:
            driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def scenario(page, out_dir):
    By = page.By
    driver = page.driver

    # The page is served by the program itself, with its assets.
    state = page.load(page.base + "/")
    check(state == "ready", "the page loads (landing page browses the index)")
    check(page.css("label[for=q]") and page.css("#q"), "the query box has a label")
    check(driver.execute_script("return document.compatMode") == "CSS1Compat", "the page renders in standards mode")
    check(driver.execute_script(
        "return performance.getEntriesByType('resource').every(r => r.name.startsWith(location.origin + '/'))"),
        "every resource the page loaded came from the server itself")

    # Search: the two Camp David articles first, highlighted words.
    state = page.search("Camp David ceasefire")
    check(state == "ready", "searching 'Camp David ceasefire' renders results")
    check(page.params().get("q") == ["Camp David ceasefire"], "the query is in the URL")
    ids = page.hit_ids()
    check(ids[:2] == CAMP_DAVID, f"the two Camp David articles come first (got {ids})")
    marks = [m.text for m in page.css("#results li.hit:first-child .snippet mark")]
    check("Camp" in marks and "David" in marks, f"the first snippet highlights Camp and David (marks {marks})")
    first = page.css("#results li.hit")[0]
    check(first.find_element(By.CSS_SELECTOR, ".title").text.strip() != "", "a result shows its title")
    check(first.find_element(By.CSS_SELECTOR, ".id").text == CAMP_DAVID[0], "a result shows its id")
    check("Baonghean" in first.find_element(By.CSS_SELECTOR, ".meta").text, "a result shows its source line")
    unfiltered_ids = ids
    unfiltered_total = page.total()
    check(str(unfiltered_total) in page.css("#status")[0].text and "match" in page.css("#status")[0].text,
          f"the status says how many matches ({page.css('#status')[0].text!r})")
    check(len(page.css("#chart .bar")) >= 1, "the date chart has bars")

    os.makedirs(out_dir, exist_ok=True)
    shot = os.path.join(out_dir, "web_page.png")
    driver.save_screenshot(shot)
    log("screenshot:", shot)

    # Click a source facet value: only that outlet, the total equal to the facet's count.
    button = page.css('#facets section[data-facet=source] button[data-value="global-research"]')
    check(len(button) == 1, "the source facet lists Global Research")
    facet_count = int(button[0].find_element(By.CSS_SELECTOR, ".facet-count").text)
    check(button[0].get_attribute("aria-pressed") == "false", "the facet value starts unselected")
    page.act(lambda: button[0].click())
    check(page.params().get("source") == ["global-research"], "the source filter is in the URL")
    metas = [e.text for e in page.css("#results li.hit .meta")]
    check(metas and all("Global Research" in m for m in metas), f"only Global Research results ({metas})")
    check(page.total() == facet_count, f"the match count {page.total()} equals the facet's count {facet_count}")
    filtered_ids = page.hit_ids()
    filtered_url = driver.current_url

    def pressed():
        b = page.css('#facets section[data-facet=source] button[data-value="global-research"]')
        return b and b[0].get_attribute("aria-pressed") == "true"
    check(pressed(), "the selected facet value shows as pressed")
    check(any("Global Research" in c.text for c in page.css("#filters .chip")), "the active filter is listed")

    # Reload the URL: the same filtered page.
    page.act(lambda: driver.refresh())
    check(driver.current_url == filtered_url, "reload keeps the URL")
    check(page.hit_ids() == filtered_ids and page.total() == facet_count, "reload shows the same filtered results")
    check(page.css("#q")[0].get_attribute("value") == "Camp David ceasefire", "reload restores the query box")
    check(pressed(), "reload keeps the facet selected")

    # Back: the unfiltered results.
    page.act(lambda: driver.back())
    check("source" not in page.params(), "back removes the filter from the URL")
    check(page.hit_ids() == unfiltered_ids and page.total() == unfiltered_total, "back shows the unfiltered results")

    # Click the facet value again to remove it (select, then unselect).
    page.act(lambda: page.css('#facets section[data-facet=source] button[data-value="global-research"]')[0].click())
    page.act(lambda: page.css('#facets section[data-facet=source] button[data-value="global-research"]')[0].click())
    check("source" not in page.params() and page.hit_ids() == unfiltered_ids,
          "clicking a selected facet value again removes the filter")

    # The date chart: a bar filters to its year, the chart then shows that year's months.
    bars = [b for b in page.css("#chart .bar") if b.is_enabled()]
    check(bars, "the chart has a clickable bar")
    year = bars[0].get_attribute("data-value")
    page.act(lambda: bars[0].click())
    check(page.params().get("year") == [year], f"clicking the {year} bar filters to year {year}")
    check(len(page.css("#chart .bar")) == 12, "with a year selected the chart shows its 12 months")
    check(page.css("#facets section[data-facet=month]"), "with a year selected the month facet is shown")
    page.act(lambda: driver.back())

    # More like this.
    link = page.css("#results li.hit:first-child a.more-like")
    check(link, "a result has a 'More like this' link")
    page.act(lambda: link[0].click())
    check(page.params().get("like") == [CAMP_DAVID[0]], "'More like this' puts like=ID in the URL")
    like_ids = page.hit_ids()
    check(like_ids and CAMP_DAVID[0] not in like_ids, f"'More like this' lists other articles ({like_ids})")
    page.act(lambda: driver.back())
    check(page.hit_ids() == unfiltered_ids, "back returns from 'More like this'")

    # "Did you mean": a misspelt name offers the indexed one, and clicking it searches for it.
    state = page.search("Khalilzhad")
    box = page.css("#suggestion")[0]
    check(state == "ready" and page.total() == 0 and box.is_displayed() and "Khalilzad" in box.text,
          f"a misspelt query offers 'Did you mean: Khalilzad?' ({box.text!r})")
    page.act(lambda: box.find_element(By.CSS_SELECTOR, "button.link").click())
    check(page.params().get("q") == ["Khalilzad"] and page.total() > 0 and not page.css("#suggestion")[0].is_displayed(),
          "clicking the suggestion searches for it, and the suggestion goes")

    # Pages: past the last page, "Previous" leads back to page 1.
    page.load(page.base + "/?q=taliban&page=2")
    check(page.css("#pager a.prev") and page.css("#pager a.page"), "page 2 has a Previous link and page numbers")
    page.act(lambda: page.css("#pager a.prev")[0].click())
    check("page" not in page.params() and page.hit_ids(), "Previous goes to page 1 with results")
    current = page.css("#pager [aria-current=page]")
    check(not current or current[0].text == "1", "page 1 is the current page")

    # An error from the API is shown in the page.
    state = page.search("taliban AND")
    error = page.css("#error")[0]
    check(state == "error" and error.is_displayed() and error.text.strip() != "",
          f"a malformed query shows the server's error ({error.text!r})")

    # Script and markup in an article are shown as text and never run.
    state = page.search("zanzibarxss")
    check(state == "ready" and page.hit_ids() == ["900_xss.txt"], "the article with markup is found")
    hit = page.css("#results li.hit")[0]
    snippet = hit.find_element(By.CSS_SELECTOR, ".snippet").text
    title = hit.find_element(By.CSS_SELECTOR, ".title").text
    check(XSS_SCRIPT in snippet and XSS_IMG in snippet, f"the snippet shows the markup literally ({snippet!r})")
    check(XSS_IMG in title, f"the title shows the markup literally ({title!r})")
    check(not hit.find_elements(By.CSS_SELECTOR, "script, img, b"), "no element was made from the article's text")
    check(driver.execute_script("return typeof window.pwned") == "undefined", "window.pwned is undefined")
    page.act(lambda: driver.refresh())
    check(driver.execute_script("return typeof window.pwned") == "undefined", "window.pwned is still undefined after reload")

    # The filtered URL opened afresh (as when shared) shows the same page.
    page.load(filtered_url)
    check(page.hit_ids() == filtered_ids and page.total() == facet_count, "the shared URL shows the same filtered results")

    # A narrow screen: one column, results before the facets.
    driver.set_window_size(420, 900)
    page.search("Camp David ceasefire")
    narrow = os.path.join(out_dir, "web_page_narrow.png")
    driver.save_screenshot(narrow)
    log("screenshot:", narrow)
    width = driver.execute_script("return document.documentElement.scrollWidth")
    check(width <= 420, f"no horizontal scrolling on a narrow screen (page width {width})")


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--ptindex", required=True)
    parser.add_argument("--ptsearch", required=True)
    parser.add_argument("--corpus", required=True)
    parser.add_argument("--out", required=True, help="folder for the screenshots")
    parser.add_argument("--url", help="use this running server (its index must hold the test article) instead")
    args = parser.parse_args()

    missing = [p for p in (CHROMIUM, CHROMEDRIVER) if not os.access(p, os.X_OK)]
    if missing:
        log(f"SKIPPED: {' and '.join(missing)} not installed (Debian packages chromium, chromium-driver; "
            "scripts/install-deps installs them)")
        return SKIP
    try:
        import selenium  # noqa: F401  (python3-selenium; an error, not a skip, when missing)
    except ImportError:
        log("FAILED: python3-selenium is not installed for /usr/bin/python3 (scripts/install-deps installs it)")
        return 1

    work = tempfile.mkdtemp(prefix="pt-web-test-")
    server = token_server = None
    token_base = None
    try:
        if args.url:
            base = args.url.rstrip("/")
        else:
            corpus = os.path.join(work, "corpus")
            shutil.copytree(args.corpus, corpus)
            with open(os.path.join(corpus, "900_xss.txt"), "w", encoding="utf-8") as f:
                f.write(XSS_ARTICLE)
            index = os.path.join(work, "index")
            subprocess.run([args.ptindex, "build", corpus, "--index", index], check=True,
                           stdout=subprocess.DEVNULL)
            server, base = start_server(args.ptsearch, index)
            token_server, token_base = start_server(args.ptsearch, index, token=TOKEN)
        run_browser(base, args.out, token_base)
        log("PASSED: search page in headless Chromium")
        return 0
    except Failure as e:
        log("FAILED:", e)
        return 1
    finally:
        stop_server(server)
        stop_server(token_server)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
