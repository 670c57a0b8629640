package providers

import (
	"context"
	"fmt"

	"github.com/valetops/assistance/activities"
)

var _ activities.OwnerNotifier = (*HTTPNotifier)(nil)

// NotifyOwner posts the owner's notice (a closed case of its vehicle and the
// link to its report) to the owner's own webhook or to OwnerNoticesURL,
// signed as the client's notices are (api/webhooksig), with the notice's id as
// Idempotency-Key: a retried delivery carries the same.
func (n *HTTPNotifier) NotifyOwner(ctx context.Context, notice activities.OwnerNotice) error {
	hook := ClientWebhook{URL: n.cfg.OwnerNoticesURL, Secret: n.cfg.OwnerNoticesSecret}
	if own, ok := n.cfg.Owners[notice.OwnerID]; ok {
		hook = own
	}
	if hook.URL == "" {
		return fmt.Errorf("%w: no webhook configured for the notices of owner %s", activities.ErrRefused, notice.OwnerID)
	}
	a, err := n.post.postSigned(ctx, hook.URL, notice.NoticeID, hook.Secret, notice)
	if err != nil {
		return err
	}
	if a.status/100 != 2 {
		return failure(hook.URL, a)
	}
	return nil
}
