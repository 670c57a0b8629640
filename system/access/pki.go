package access

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"time"

	"github.com/valetops/assistance/contract"
)

// Organization is the organization of every certificate of the PKI.
const Organization = "valetops assistance"

// validity is how long the throwaway certificates last.
const validity = 2 * 365 * 24 * time.Hour

// PKI is a throwaway certificate authority in a directory, for the embedded
// server's cluster shape and the tests: ca.pem and ca-key.pem, the server's
// server.pem and server-key.pem, and one ROLE-SUBJECT.pem and
// ROLE-SUBJECT-key.pem per client. Files are made when missing and reused
// after; the keys are ECDSA P-256, readable by the owner only. A real
// cluster uses its own CA the same way: a client certificate's
// organizational unit is its role, its common name its subject
// (docs/security.md, "Certificates").
type PKI struct {
	Dir string
	ca  *x509.Certificate
	key *ecdsa.PrivateKey
}

// EnsurePKI opens the PKI in dir, making the CA and the server's certificate
// (for the loopback, localhost and hosts) when missing.
func EnsurePKI(dir string, hosts ...string) (*PKI, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("access: %w", err)
	}
	p := &PKI{Dir: dir}
	caFile, caKey := p.CAFile(), filepath.Join(dir, "ca-key.pem")
	if _, err := os.Stat(caFile); errors.Is(err, fs.ErrNotExist) {
		key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		if err != nil {
			return nil, err
		}
		tmpl := template(pkix.Name{Organization: []string{Organization}, CommonName: "assistance throwaway CA"})
		tmpl.IsCA, tmpl.BasicConstraintsValid = true, true
		tmpl.KeyUsage = x509.KeyUsageCertSign | x509.KeyUsageCRLSign
		if err := write(caFile, caKey, tmpl, tmpl, key, key); err != nil {
			return nil, err
		}
	}
	ca, err := tls.LoadX509KeyPair(caFile, caKey)
	if err != nil {
		return nil, fmt.Errorf("access: the CA in %s: %w", dir, err)
	}
	if p.ca, err = x509.ParseCertificate(ca.Certificate[0]); err != nil {
		return nil, err
	}
	var ok bool
	if p.key, ok = ca.PrivateKey.(*ecdsa.PrivateKey); !ok {
		return nil, fmt.Errorf("access: the CA key in %s is not ECDSA", dir)
	}
	cert, key := p.ServerFiles()
	if _, err := os.Stat(cert); errors.Is(err, fs.ErrNotExist) {
		tmpl := template(pkix.Name{Organization: []string{Organization}, CommonName: "temporal frontend"})
		tmpl.ExtKeyUsage = []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth, x509.ExtKeyUsageClientAuth}
		tmpl.DNSNames = []string{"localhost"}
		tmpl.IPAddresses = []net.IP{net.IPv4(127, 0, 0, 1), net.IPv6loopback}
		for _, h := range hosts {
			if ip := net.ParseIP(h); ip != nil {
				tmpl.IPAddresses = append(tmpl.IPAddresses, ip)
			} else if h != "" {
				tmpl.DNSNames = append(tmpl.DNSNames, h)
			}
		}
		if err := p.issue(cert, key, tmpl); err != nil {
			return nil, err
		}
	}
	return p, nil
}

// CAFile is the CA's certificate: the clients' -tls-ca.
func (p *PKI) CAFile() string { return filepath.Join(p.Dir, "ca.pem") }

// ServerFiles are the frontend's certificate and key.
func (p *PKI) ServerFiles() (cert, key string) {
	return filepath.Join(p.Dir, "server.pem"), filepath.Join(p.Dir, "server-key.pem")
}

// Client returns the certificate and key files of the client subject of
// role (-tls-cert, -tls-key), issuing them when missing.
func (p *PKI) Client(role contract.Role, subject string) (cert, key string, err error) {
	if !role.Valid() {
		return "", "", fmt.Errorf("access: unknown role %q", role)
	}
	if err := contract.CheckPerson("subject", subject); err != nil || subject == "" || filepath.Base(subject) != subject {
		return "", "", fmt.Errorf("access: subject %q must be a plain name", subject)
	}
	base := filepath.Join(p.Dir, string(role)+"-"+subject)
	cert, key = base+".pem", base+"-key.pem"
	if _, err := os.Stat(cert); err == nil {
		return cert, key, nil
	}
	tmpl := template(pkix.Name{Organization: []string{Organization}, OrganizationalUnit: []string{string(role)}, CommonName: subject})
	tmpl.ExtKeyUsage = []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}
	return cert, key, p.issue(cert, key, tmpl)
}

// ClientTLS is the TLS configuration of the client subject of role: its
// certificate, the CA as the only root.
func (p *PKI) ClientTLS(role contract.Role, subject string) (*tls.Config, error) {
	cert, key, err := p.Client(role, subject)
	if err != nil {
		return nil, err
	}
	pair, err := tls.LoadX509KeyPair(cert, key)
	if err != nil {
		return nil, err
	}
	cfg := p.RootTLS()
	cfg.Certificates = []tls.Certificate{pair}
	return cfg, nil
}

// RootTLS is a TLS configuration that trusts the CA only, with no client
// certificate.
func (p *PKI) RootTLS() *tls.Config {
	pool := x509.NewCertPool()
	pool.AddCert(p.ca)
	return &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}
}

// issue signs tmpl with the CA into cert and key.
func (p *PKI) issue(cert, key string, tmpl *x509.Certificate) error {
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return err
	}
	return write(cert, key, tmpl, p.ca, k, p.key)
}

func template(subject pkix.Name) *x509.Certificate {
	serial, _ := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 120))
	now := time.Now()
	return &x509.Certificate{
		SerialNumber: serial, Subject: subject,
		NotBefore: now.Add(-time.Hour), NotAfter: now.Add(validity),
		KeyUsage: x509.KeyUsageDigitalSignature,
	}
}

// write signs tmpl (for the key subject) with parent and its key, and writes
// the certificate and the subject's key as PEM (the key for the owner only).
func write(certFile, keyFile string, tmpl, parent *x509.Certificate, subject, parentKey *ecdsa.PrivateKey) error {
	der, err := x509.CreateCertificate(rand.Reader, tmpl, parent, &subject.PublicKey, parentKey)
	if err != nil {
		return fmt.Errorf("access: %w", err)
	}
	keyDER, err := x509.MarshalECPrivateKey(subject)
	if err != nil {
		return err
	}
	if err := os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: keyDER}), 0o600); err != nil {
		return fmt.Errorf("access: %w", err)
	}
	if err := os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o644); err != nil {
		return fmt.Errorf("access: %w", err)
	}
	return nil
}
