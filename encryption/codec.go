package encryption

import (
	"crypto/rand"
	"fmt"

	commonpb "go.temporal.io/api/common/v1"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/converter"
	"go.temporal.io/sdk/temporal"
	"google.golang.org/protobuf/proto"
)

// Metadata of an encrypted payload. Its data is nonce (12 bytes) followed by
// the AES-256-GCM sealed protobuf encoding of the original payload
// (temporal.api.common.v1.Payload), with no additional authenticated data.
const (
	// MetadataEncoding is the "encoding" metadata value of an encrypted payload.
	MetadataEncoding = "binary/encrypted"
	// MetadataKeyID names the metadata entry that holds the key id.
	MetadataKeyID = "encryption-key-id"
)

// Codec encrypts payloads with the newest key of its ring and decrypts them
// with the key named in their metadata. A payload that is not encrypted (a
// case started before encryption was turned on) is decoded unchanged.
type Codec struct {
	keys *Keys
}

var _ converter.PayloadCodec = (*Codec)(nil)

// NewCodec returns the codec of a key ring.
func NewCodec(keys *Keys) *Codec { return &Codec{keys: keys} }

// Encode encrypts each payload with the newest key.
func (c *Codec) Encode(payloads []*commonpb.Payload) ([]*commonpb.Payload, error) {
	id := c.keys.Newest()
	aead := c.keys.aeads[id]
	out := make([]*commonpb.Payload, len(payloads))
	for i, p := range payloads {
		plain, err := proto.Marshal(p)
		if err != nil {
			return nil, fmt.Errorf("encrypting a payload: %w", err)
		}
		sealed := make([]byte, aead.NonceSize(), aead.NonceSize()+len(plain)+aead.Overhead())
		if _, err := rand.Read(sealed); err != nil {
			return nil, fmt.Errorf("encrypting a payload: %w", err)
		}
		out[i] = &commonpb.Payload{
			Metadata: map[string][]byte{
				converter.MetadataEncoding: []byte(MetadataEncoding),
				MetadataKeyID:              []byte(id),
			},
			Data: aead.Seal(sealed, sealed, plain, nil),
		}
	}
	return out, nil
}

// Decode decrypts each encrypted payload with the key its metadata names;
// other payloads pass unchanged. An unknown key id or a payload that does not
// authenticate is an error.
func (c *Codec) Decode(payloads []*commonpb.Payload) ([]*commonpb.Payload, error) {
	out := make([]*commonpb.Payload, len(payloads))
	for i, p := range payloads {
		if string(p.GetMetadata()[converter.MetadataEncoding]) != MetadataEncoding {
			out[i] = p
			continue
		}
		id := string(p.GetMetadata()[MetadataKeyID])
		aead, ok := c.keys.aeads[id]
		if !ok {
			return nil, fmt.Errorf("payload encrypted with key %q, which is not in the key ring (%v)", id, c.keys.ids)
		}
		data := p.GetData()
		if len(data) < aead.NonceSize()+aead.Overhead() {
			return nil, fmt.Errorf("payload encrypted with key %q: %d bytes, too short", id, len(data))
		}
		plain, err := aead.Open(nil, data[:aead.NonceSize()], data[aead.NonceSize():], nil)
		if err != nil {
			return nil, fmt.Errorf("payload encrypted with key %q does not decrypt: %w", id, err)
		}
		inner := &commonpb.Payload{}
		if err := proto.Unmarshal(plain, inner); err != nil {
			return nil, fmt.Errorf("payload encrypted with key %q: %w", id, err)
		}
		out[i] = inner
	}
	return out, nil
}

// DataConverter is the SDK's default data converter whose payloads pass
// through the codec of keys.
func DataConverter(keys *Keys) converter.DataConverter {
	return converter.NewCodecDataConverter(converter.GetDefaultDataConverter(), NewCodec(keys))
}

// FailureConverter moves a failure's message and stack trace into an
// encrypted payload too (an error message may quote the case).
func FailureConverter(keys *Keys) converter.FailureConverter {
	return temporal.NewDefaultFailureConverter(temporal.DefaultFailureConverterOptions{
		DataConverter: DataConverter(keys), EncodeCommonAttributes: true,
	})
}

// Configure sets the data and failure converters of client options so that
// everything the client (and the workers built on it) writes is encrypted
// with keys. Nil keys leave the options unchanged: payloads in clear.
func Configure(opts *client.Options, keys *Keys) {
	if keys == nil {
		return
	}
	opts.DataConverter = DataConverter(keys)
	opts.FailureConverter = FailureConverter(keys)
}
