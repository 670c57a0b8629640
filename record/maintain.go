package record

import (
	"context"
	"fmt"
	"time"
)

// Summary is what a store holds.
type Summary struct {
	Cases int64
	// OldestClose and NewestClose bound the closes recorded (zero: none).
	OldestClose, NewestClose time.Time
	// Keys counts the records sealed under each payload key.
	Keys map[string]int64
}

// Summary counts the store's records, and those under each key.
func (s *Store) Summary(ctx context.Context) (Summary, error) {
	var sum Summary
	var oldest, newest dbTime
	err := s.db.QueryRowContext(ctx, "SELECT COUNT(*), MIN(closed_at), MAX(closed_at) FROM cases").Scan(&sum.Cases, &oldest, &newest)
	if err != nil {
		return sum, fmt.Errorf("records: %s: %w", s.where, err)
	}
	sum.OldestClose, sum.NewestClose = oldest.Time, newest.Time
	rows, err := s.db.QueryContext(ctx, "SELECT sealed_key, COUNT(*) FROM cases GROUP BY sealed_key ORDER BY sealed_key")
	if err != nil {
		return sum, fmt.Errorf("records: %s: %w", s.where, err)
	}
	defer func() { _ = rows.Close() }()
	sum.Keys = map[string]int64{}
	for rows.Next() {
		var id string
		var n int64
		if err := rows.Scan(&id, &n); err != nil {
			return sum, err
		}
		sum.Keys[id] = n
	}
	return sum, rows.Err()
}

// ClosedBefore counts the records a purge at cutoff would remove.
func (s *Store) ClosedBefore(ctx context.Context, cutoff time.Time) (int64, error) {
	var n int64
	if err := s.db.QueryRowContext(ctx, "SELECT COUNT(*) FROM cases WHERE closed_at < $1", s.at(cutoff)).Scan(&n); err != nil {
		return 0, fmt.Errorf("records: %s: %w", s.where, err)
	}
	return n, nil
}

// resealBatch is how many records Reseal rewrites per transaction.
const resealBatch = 200

// Reseal seals again, under the newest payload key, every record sealed
// under an older one, and returns how many it rewrote: once done, the older
// keys may leave the ring without a record becoming unreadable.
func (s *Store) Reseal(ctx context.Context) (int64, error) {
	if s.keys == nil {
		return 0, ErrNoKeys
	}
	newest := s.keys.Newest()
	var done int64
	for {
		n, err := s.resealSome(ctx, newest)
		done += n
		if err != nil || n == 0 {
			return done, err
		}
	}
}

// resealSome reseals up to resealBatch records in one transaction.
func (s *Store) resealSome(ctx context.Context, newest string) (int64, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return 0, fmt.Errorf("records: reseal on %s: %w", s.where, err)
	}
	defer func() { _ = tx.Rollback() }()
	rows, err := tx.QueryContext(ctx, "SELECT case_id, sealed_key, sealed FROM cases WHERE sealed_key <> $1 ORDER BY case_id LIMIT $2",
		newest, resealBatch)
	if err != nil {
		return 0, fmt.Errorf("records: reseal: %w", err)
	}
	type sealed struct {
		id, key string
		data    []byte
	}
	var batch []sealed
	for rows.Next() {
		var r sealed
		if err := rows.Scan(&r.id, &r.key, &r.data); err != nil {
			_ = rows.Close()
			return 0, fmt.Errorf("records: reseal: %w", err)
		}
		batch = append(batch, r)
	}
	if err := rows.Close(); err != nil {
		return 0, err
	}
	for _, r := range batch {
		c, err := s.open(r.key, r.data)
		if err != nil {
			return 0, fmt.Errorf("case %s: %w", r.id, err)
		}
		key, data, err := s.seal(c)
		if err != nil {
			return 0, err
		}
		if _, err := tx.ExecContext(ctx, "UPDATE cases SET sealed_key = $1, sealed = $2 WHERE case_id = $3", key, data, r.id); err != nil {
			return 0, fmt.Errorf("records: reseal of %s: %w", r.id, err)
		}
	}
	return int64(len(batch)), tx.Commit()
}
