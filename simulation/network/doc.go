// Package network models the assistance providers as a road network, for every
// case that no acceptance scenario scripts: each provider has depots with tow
// trucks, a road speed, a way of answering (at once, or acknowledged then
// answered later), an acceptance rate, a share of tows against on-site
// repairs, late arrivals, and quotes for paid options. A provider whose trucks
// are all out is busy until the first one comes back.
//
// The model is a data file (see docs/network.md for every field): Default
// returns the one embedded in the binary (simulation/network/default.json), Load reads
// another. A Network plays a model: it is deterministic given its seed and the
// times it is called with (it has no clock of its own: every call takes "now"
// in the model's time), so the simulator's HTTP server (package simulator,
// real time divided by a scale) and an in-process caller (a what-if run in
// skipped time) get the same answers for the same calls.
//
// A Network answers an order with a Decision: busy (retry after), rejected
// (a reason), accepted (an ETA and the timed milestones that follow:
// en_route, on_site, then repaired or towed), or acknowledged (the acceptance
// or refusal comes later, as an offer_accepted or offer_rejected event, or
// never). The caller delivers the events at their times; a cancellation stops
// the events still due and frees the truck.
package network
