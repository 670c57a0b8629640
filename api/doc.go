// Package api is our HTTP API for the assistance providers: the webhook that
// receives the events of the assignments they accepted and signals them, as
// milestones, to the breakdown case of the mission. The contract of both sides
// (the providers' API we call, and this webhook) is openapi.yaml beside this file.
package api
