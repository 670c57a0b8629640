// Package contract is what other services need to start and drive a breakdown
// case, in any language (docs/contract.md): the workflow and task-queue names,
// the case's IDs, the names of its Updates, Signal and Queries with their
// payload types, the valet's report and its validation, the words of the
// domain (origins, natures, stages, notices, alert kinds), the outcome a case
// returns, and the search attributes it keeps. It imports neither the
// workflow's code nor the Temporal server: the typed client (package starter),
// our HTTP API and the workflow itself all read it.
package contract
