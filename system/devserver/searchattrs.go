package devserver

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"go.temporal.io/api/enums/v1"
	"go.temporal.io/api/operatorservice/v1"
	"go.temporal.io/api/workflowservice/v1"
	"go.temporal.io/sdk/client"
)

// missingSearchAttributes returns the attributes of want that existing lacks.
// An attribute present in both with different types is an error.
func missingSearchAttributes(existing, want map[string]enums.IndexedValueType) (map[string]enums.IndexedValueType, error) {
	missing := map[string]enums.IndexedValueType{}
	for name, typ := range want {
		got, ok := existing[name]
		switch {
		case !ok:
			missing[name] = typ
		case got != typ:
			return nil, fmt.Errorf("devserver: search attribute %s exists with type %v, want %v", name, got, typ)
		}
	}
	return missing, nil
}

// ensureSearchAttributes registers, through the operator API, the wanted
// search attributes that the namespace lacks. Attributes already there are
// left alone, so this is idempotent. The SQLite visibility store maps each
// custom attribute to a pre-allocated column of its type (Keyword01..,
// Bool01.., ...) by storing an alias in the namespace. It reports whether
// anything was added.
func ensureSearchAttributes(ctx context.Context, c client.Client, namespace string, want map[string]enums.IndexedValueType) (bool, error) {
	if len(want) == 0 {
		return false, nil
	}
	resp, err := c.OperatorService().ListSearchAttributes(ctx, &operatorservice.ListSearchAttributesRequest{Namespace: namespace})
	if err != nil {
		return false, fmt.Errorf("devserver: list search attributes: %w", err)
	}
	missing, err := missingSearchAttributes(resp.GetCustomAttributes(), want)
	if err != nil || len(missing) == 0 {
		return false, err
	}
	if _, err := c.OperatorService().AddSearchAttributes(ctx, &operatorservice.AddSearchAttributesRequest{
		Namespace:        namespace,
		SearchAttributes: missing,
	}); err != nil {
		return false, fmt.Errorf("devserver: add search attributes: %w", err)
	}
	return true, nil
}

// presenceQuery is a visibility query naming every attribute, which the
// frontend rejects until its namespace cache knows them all.
func presenceQuery(attrs map[string]enums.IndexedValueType) string {
	names := slices.Sorted(maps.Keys(attrs))
	for i, n := range names {
		names[i] = n + " IS NULL"
	}
	return strings.Join(names, " OR ")
}

// waitReady polls until the frontend answers, the namespace exists and a
// visibility query on every search attribute is accepted.
func waitReady(ctx context.Context, c client.Client, namespace string, attrs map[string]enums.IndexedValueType) error {
	query := presenceQuery(attrs)
	var lastErr error
	for {
		_, lastErr = c.WorkflowService().CountWorkflowExecutions(ctx, &workflowservice.CountWorkflowExecutionsRequest{
			Namespace: namespace,
			Query:     query,
		})
		if lastErr == nil {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("devserver: namespace %q not ready: %w (last error: %v)", namespace, ctx.Err(), lastErr)
		case <-time.After(100 * time.Millisecond):
		}
	}
}
