package caseworker

import (
	"context"
	"errors"
	"fmt"
	"time"

	"go.temporal.io/api/serviceerror"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/worker"
	"go.temporal.io/sdk/workflow"
)

// DefaultDeploymentName is the Worker Deployment of the case workers: one
// deployment, a version per build (docs/changing-workflows.md).
const DefaultDeploymentName = "breakdown-assistance"

// Deployment is the Worker Deployment Version a case worker polls as.
type Deployment struct {
	// Name is the Worker Deployment (DefaultDeploymentName when empty).
	Name string
	// BuildID identifies this build of the worker (e.g. the git commit or a
	// release tag). Empty: the worker is unversioned and takes any case.
	BuildID string
}

// Options are the versioning options of a worker of d: every case is Pinned
// to the Worker Deployment Version it started on, and runs to its end on the
// workers of that build, whatever build is current later. A new build is
// rolled out next to the old one (a rainbow deployment): new cases start on
// it once it is made current, and the old build's workers are stopped when
// no open case is pinned to it (its version is then "drained"). An unversioned
// deployment (no BuildID) gives the zero options.
func (d Deployment) Options() worker.DeploymentOptions {
	if d.BuildID == "" {
		return worker.DeploymentOptions{}
	}
	return worker.DeploymentOptions{
		UseVersioning:             true,
		Version:                   d.Version(),
		DefaultVersioningBehavior: workflow.VersioningBehaviorPinned,
	}
}

// Version is the Worker Deployment Version of d.
func (d Deployment) Version() worker.WorkerDeploymentVersion {
	name := d.Name
	if name == "" {
		name = DefaultDeploymentName
	}
	return worker.WorkerDeploymentVersion{DeploymentName: name, BuildID: d.BuildID}
}

// MakeCurrent makes d's version the current version of its deployment: new
// cases start on it; cases pinned to an older version stay there. The server
// knows a version once one of its workers has polled, so it retries until
// ctx ends.
func (d Deployment) MakeCurrent(ctx context.Context, c client.Client) error {
	v := d.Version()
	h := c.WorkerDeploymentClient().GetHandle(v.DeploymentName)
	for {
		_, err := h.SetCurrentVersion(ctx, client.WorkerDeploymentSetCurrentVersionOptions{BuildID: v.BuildID})
		if err == nil {
			return nil
		}
		var invalid *serviceerror.InvalidArgument
		if errors.As(err, &invalid) {
			return fmt.Errorf("make %s.%s current: %w", v.DeploymentName, v.BuildID, err)
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("make %s.%s current: no worker of that version has polled yet: %w", v.DeploymentName, v.BuildID, err)
		case <-time.After(200 * time.Millisecond):
		}
	}
}
