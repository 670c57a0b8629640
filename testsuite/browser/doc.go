// Package browser holds the browser tests of the case's pages (api/pages):
// Debian's chromium, headless, driven by github.com/chromedp/chromedp against
// the whole system running in the test process (system/stack). Each test
// saves screenshots in its temporary directory and names them in its log;
// with ASSISTANCE_SCREENSHOTS set to a directory, it copies them there too.
package browser
