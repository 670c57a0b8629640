// Package providers reaches the outside world of a breakdown case over HTTP:
// HTTPProviders speaks the providers' API of api/openapi.yaml (assignments,
// cancellations, quotes, additional services), HTTPNotifier tells the client,
// ops and the beneficiary, and HTTPMissions updates the mission system.
//
// Errors follow the activities' contract: an error wrapping
// activities.ErrRefused when the other side said the request itself is wrong
// (retrying cannot help), any other error when it could not be reached (5xx,
// timeout, refused or dropped connection), which Temporal retries with the same
// Idempotency-Key.
package providers
