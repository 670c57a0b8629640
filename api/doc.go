// Package api is our HTTP API for the assistance providers and the warranty
// parties: the webhook that receives the events of the assignments providers
// accepted and signals them, as milestones, to the breakdown case of the
// mission (and the repairers' diagnoses and the managers' decisions, to the
// warranty claim), and the case's pages (package pages). The contract of both
// sides (the providers' API we call, and these webhooks) is openapi.yaml
// beside this file.
//
// Every party signs with its own key ring over method, path, timestamp and
// body (package webhooksig); the edge refuses, before any case is reached, an
// unknown party, a bad signature, a body too large or too slow, a party over
// its rate, a field over its limit, an event for another provider's
// assignment and a flood of events, counting each (Stats) and alerting ops
// of a flood once (docs/security.md).
package api
