// Package wait bounds the tests' waits by the test's own deadline.
//
// A test waits for what happens asynchronously with testify's
// require.Eventually or require.EventuallyWithT (assert.… to go on after a
// timeout): they poll a condition every tick until it holds, and on timeout
// they say what was awaited (their message) and, for EventuallyWithT, what the
// last check found. A test whose run is bounded by a context waits for as long
// as that context lasts, Left(ctx), so no wait outlives the test's deadline
// and none ends sooner:
//
//	require.Eventually(t, dispatched, wait.Left(ctx), 100*time.Millisecond, "half the cases dispatched")
package wait

import (
	"context"
	"time"
)

// Left is the time left before ctx's deadline. ctx must have one: Left
// panics otherwise.
func Left(ctx context.Context) time.Duration {
	deadline, ok := ctx.Deadline()
	if !ok {
		panic("wait.Left: the context has no deadline")
	}
	return time.Until(deadline)
}
