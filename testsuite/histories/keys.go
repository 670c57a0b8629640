package histories

import (
	"context"
	"fmt"
	"os"

	commonpb "go.temporal.io/api/common/v1"
	historypb "go.temporal.io/api/history/v1"
	"go.temporal.io/api/proxy"
	"go.temporal.io/sdk/converter"
	"google.golang.org/protobuf/encoding/protojson"

	"github.com/valetops/assistance/encryption"
	"github.com/valetops/assistance/testsuite/testkeys"
)

// TestKeys returns the key ring of the recorded histories under
// testsuite/testdata/histories (testsuite/testkeys): test keys, committed for
// that purpose only.
func TestKeys() *encryption.Keys { return testkeys.Histories() }

// Encrypt encrypts, with codec, every payload of h that is not encrypted yet
// (search attributes stay in clear, as the server keeps them).
func Encrypt(h *historypb.History, codec converter.PayloadCodec) error {
	return proxy.VisitPayloads(context.Background(), h, proxy.VisitPayloadsOptions{
		SkipSearchAttributes: true,
		Visitor: func(_ *proxy.VisitPayloadsContext, payloads []*commonpb.Payload) ([]*commonpb.Payload, error) {
			out := make([]*commonpb.Payload, len(payloads))
			for i, p := range payloads {
				if string(p.GetMetadata()[converter.MetadataEncoding]) == encryption.MetadataEncoding {
					out[i] = p
					continue
				}
				enc, err := codec.Encode([]*commonpb.Payload{p})
				if err != nil {
					return nil, err
				}
				out[i] = enc[0]
			}
			return out, nil
		},
	})
}

// Read reads a recorded history file.
func Read(path string) (*historypb.History, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	h := &historypb.History{}
	if err := (protojson.UnmarshalOptions{DiscardUnknown: true}).Unmarshal(data, h); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return h, nil
}

// EncryptFile encrypts the payloads of a recorded history file in place with
// the newest key of keys; payloads already encrypted are kept as they are.
func EncryptFile(path string, keys *encryption.Keys) error {
	h, err := Read(path)
	if err != nil {
		return err
	}
	if err := Encrypt(h, encryption.NewCodec(keys)); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return Write(path, h)
}

// Decrypt decrypts, with codec, every encrypted payload of h.
func Decrypt(h *historypb.History, codec converter.PayloadCodec) error {
	return proxy.VisitPayloads(context.Background(), h, proxy.VisitPayloadsOptions{
		SkipSearchAttributes: true,
		Visitor: func(_ *proxy.VisitPayloadsContext, payloads []*commonpb.Payload) ([]*commonpb.Payload, error) {
			return codec.Decode(payloads)
		},
	})
}
