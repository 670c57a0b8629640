package record

import (
	"errors"
	"fmt"

	"github.com/valetops/assistance/contract"

	commonpb "go.temporal.io/api/common/v1"
	"go.temporal.io/sdk/converter"

	"github.com/valetops/assistance/encryption"
)

// sealedCase is what a record keeps sealed: the whole outcome the pages show
// (timeline reasons, notes, operators, addresses, links) and the report (the
// valet, the position, the symptoms).
type sealedCase struct {
	Outcome contract.Outcome `json:"outcome"`
	Report  contract.Report  `json:"report"`
}

// ErrNoKeys is the error of sealing or opening without the payload keys.
var ErrNoKeys = errors.New("records: no payload keys to seal or open the records with (-payload-keys or ASSISTANCE_PAYLOAD_KEYS)")

// seal encrypts v as a case's payloads are (package encryption: AES-256-GCM
// under the newest key of the ring) and returns the key's id and the sealed bytes.
func (s *Store) seal(v sealedCase) (keyID string, data []byte, err error) {
	if s.keys == nil {
		return "", nil, ErrNoKeys
	}
	p, err := converter.GetDefaultDataConverter().ToPayload(v)
	if err != nil {
		return "", nil, fmt.Errorf("records: sealing: %w", err)
	}
	out, err := encryption.NewCodec(s.keys).Encode([]*commonpb.Payload{p})
	if err != nil {
		return "", nil, fmt.Errorf("records: sealing: %w", err)
	}
	return string(out[0].Metadata[encryption.MetadataKeyID]), out[0].Data, nil
}

// open decrypts what seal sealed with the key keyID; a key the ring no longer
// holds is an error naming it.
func (s *Store) open(keyID string, data []byte) (sealedCase, error) {
	var v sealedCase
	if s.keys == nil {
		return v, ErrNoKeys
	}
	p := &commonpb.Payload{Metadata: map[string][]byte{
		converter.MetadataEncoding: []byte(encryption.MetadataEncoding),
		encryption.MetadataKeyID:   []byte(keyID),
	}, Data: data}
	out, err := encryption.NewCodec(s.keys).Decode([]*commonpb.Payload{p})
	if err != nil {
		return v, fmt.Errorf("records: opening a record: %w", err)
	}
	if err := converter.GetDefaultDataConverter().FromPayload(out[0], &v); err != nil {
		return v, fmt.Errorf("records: opening a record: %w", err)
	}
	return v, nil
}
