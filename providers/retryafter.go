package providers

import (
	"net/http"
	"strconv"
	"strings"
	"time"
)

// HeaderRetryAfterMs carries a busy provider's exact delay in milliseconds; it
// is preferred to Retry-After (whole seconds) when present.
const HeaderRetryAfterMs = "X-Retry-After-Ms"

// RetryAfter reads how long a busy provider asks us to wait: X-Retry-After-Ms
// when present, else Retry-After in seconds or as an HTTP date. ok is false
// when the answer says nothing usable.
func RetryAfter(h http.Header, now time.Time) (d time.Duration, ok bool) {
	if v := strings.TrimSpace(h.Get(HeaderRetryAfterMs)); v != "" {
		if ms, err := strconv.ParseInt(v, 10, 64); err == nil && ms >= 0 {
			return time.Duration(ms) * time.Millisecond, true
		}
	}
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0, false
	}
	if secs, err := strconv.ParseInt(v, 10, 64); err == nil && secs >= 0 {
		return time.Duration(secs) * time.Second, true
	}
	if at, err := http.ParseTime(v); err == nil {
		return max(at.Sub(now), 0), true
	}
	return 0, false
}

// wholeSeconds rounds a delay up to whole seconds: never sooner than asked.
func wholeSeconds(d time.Duration) int {
	return int((d + time.Second - 1) / time.Second)
}
