// Package simulator plays the assistance providers of the acceptance scenarios
// over HTTP, as outside parties: it speaks only the providers' API of
// api/openapi.yaml (assignments, cancellations, quotes, services) and sends the
// scripted events of each accepted assignment as signed webhooks to the
// assignment's callback URL, each party with its own key from its
// configuration (Config.WebhookKeys). It never reaches Temporal.
//
// A mission of a loaded scenario is scripted (package scenario): dispatch[i]
// answers the i-th new request to a provider for that mission (the last answer
// repeats); a provider with no script for the mission is unreachable (503, or a
// dropped connection). Every other mission is played by the network model
// (package network, Config.Network): depots, trucks, distances, answers,
// tows, late arrivals and quotes, seeded; without a model such a mission's
// providers are unreachable. A TimeScale plays time faster: every offset,
// ETA and retry-after it sends is divided by it.
//
// Additional services ordered from a provider are confirmed by its scripted
// services answers, or without them by its dispatch answers. Every provider,
// scripted or not, takes the information of a breakdown at the report (POST
// /breakdown-notices), once per key, using none of its answers.
//
// It also plays the client, ops, the beneficiary, the valet's app and the
// mission system of the live demo: it records what the case sends them (POST
// /client/notices, /ops/alerts, /beneficiary/offers, /valet/notices,
// /missions/updates) and gives it back (GET on the same paths, and GET
// /breakdown-notices, ?mission_id=M to filter); a client whose scenario says
// client.notices "unreachable" refuses every notice (503). GET /stats counts
// requests, repeated requests, duplicate orders, cancellations, informations,
// refused notices and webhooks.
package simulator
