// Package strictjson reads the JSON inputs of the service strictly and says
// what is wrong with them field by field. Decode refuses what encoding/json
// silently accepts (unknown fields at any depth, missing required fields,
// nulls, trailing data); FieldError names the field by its JSON path and the
// reason ("vehicle.kind: unknown vehicle kind \"van\""), and FieldErrors
// gathers every problem of one input. The report, the webhook events, the
// coverage programs, the scenarios and the command line all refuse bad input
// with these errors.
package strictjson
