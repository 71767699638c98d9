package signing

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/x509/pkix"
	"encoding/asn1"
	"errors"
	"fmt"
	"io"
	"math/big"
	"net/http"
	"net/url"
	"time"

	"github.com/smallstep/pkcs7"
)

// TSA is an RFC 3161 timestamp authority reached over HTTP
// (VANTHU_TSA_URL). It implements [Timestamper]: each request carries a
// random nonce and asks for the authority's certificate in the token, and
// the answer is checked to be granted, to cover the digest sent and to
// repeat the nonce.
type TSA struct {
	// URL is where requests are posted (application/timestamp-query).
	URL string
	// Client sends them; nil means a client with a 30-second timeout.
	Client *http.Client
}

// ErrTimestamp means the timestamp authority could not be reached or
// refused the request.
var ErrTimestamp = errors.New("signing: timestamp authority")

var _ Timestamper = (*TSA)(nil)

type timeStampReq struct {
	Version        int
	MessageImprint messageImprint
	ReqPolicy      asn1.ObjectIdentifier `asn1:"optional"`
	Nonce          *big.Int              `asn1:"optional"`
	CertReq        bool                  `asn1:"optional,default:false"`
}

type pkiStatusInfo struct {
	Status       int
	StatusString []asn1.RawValue `asn1:"optional"`
	FailInfo     asn1.BitString  `asn1:"optional"`
}

type timeStampResp struct {
	Status         pkiStatusInfo
	TimeStampToken asn1.RawValue `asn1:"optional"`
}

// tstInfoNonce reads the nonce after the fixed fields of TSTInfo.
type tstInfoNonce struct {
	Version        int
	Policy         asn1.ObjectIdentifier
	MessageImprint messageImprint
	SerialNumber   *big.Int
	GenTime        time.Time `asn1:"generalized"`
	Accuracy       accuracy  `asn1:"optional"`
	Ordering       bool      `asn1:"optional,default:false"`
	Nonce          *big.Int  `asn1:"optional"`
}

type accuracy struct {
	Seconds int `asn1:"optional"`
	Millis  int `asn1:"optional,tag:0"`
	Micros  int `asn1:"optional,tag:1"`
}

// ValidateTSAURL checks a VANTHU_TSA_URL value.
func ValidateTSAURL(raw string) error {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("VANTHU_TSA_URL must be an http(s) URL of an RFC 3161 timestamp authority, got %q", raw)
	}
	return nil
}

// Timestamp asks the authority for a token over sha256Digest.
func (t *TSA) Timestamp(ctx context.Context, sha256Digest []byte) ([]byte, error) {
	if err := ValidateTSAURL(t.URL); err != nil {
		return nil, err
	}
	nonce, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 63))
	if err != nil {
		return nil, err
	}
	req, err := asn1.Marshal(timeStampReq{
		Version:        1,
		MessageImprint: messageImprint{HashAlgorithm: pkix.AlgorithmIdentifier{Algorithm: oidSHA256, Parameters: asn1.NullRawValue}, HashedMessage: sha256Digest},
		Nonce:          nonce,
		CertReq:        true,
	})
	if err != nil {
		return nil, fmt.Errorf("%w: encode request: %w", ErrTimestamp, err)
	}
	client := t.Client
	if client == nil {
		client = &http.Client{Timeout: 30 * time.Second}
	}
	hreq, err := http.NewRequestWithContext(ctx, http.MethodPost, t.URL, bytes.NewReader(req))
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrTimestamp, err)
	}
	hreq.Header.Set("Content-Type", "application/timestamp-query")
	resp, err := client.Do(hreq)
	if err != nil {
		return nil, fmt.Errorf("%w %s: %w", ErrTimestamp, t.URL, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return nil, fmt.Errorf("%w %s: read answer: %w", ErrTimestamp, t.URL, err)
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("%w %s answered %s: %s", ErrTimestamp, t.URL, resp.Status, bytes.TrimSpace(body[:min(len(body), 300)]))
	}
	return checkResponse(body, sha256Digest, nonce)
}

// checkResponse returns the token of a granted response covering digest
// with nonce.
func checkResponse(body, digest []byte, nonce *big.Int) ([]byte, error) {
	var r timeStampResp
	if rest, err := asn1.Unmarshal(body, &r); err != nil || len(rest) > 0 {
		return nil, fmt.Errorf("%w: malformed answer", ErrTimestamp)
	}
	if r.Status.Status != 0 && r.Status.Status != 1 {
		return nil, fmt.Errorf("%w refused the request (PKIStatus %d)", ErrTimestamp, r.Status.Status)
	}
	token := r.TimeStampToken.FullBytes
	p7, err := pkcs7.Parse(token)
	if err != nil {
		return nil, fmt.Errorf("%w: malformed token: %w", ErrTimestamp, err)
	}
	var info tstInfoNonce
	if _, err := asn1.Unmarshal(p7.Content, &info); err != nil {
		return nil, fmt.Errorf("%w: malformed TSTInfo: %w", ErrTimestamp, err)
	}
	if !bytes.Equal(info.MessageImprint.HashedMessage, digest) {
		return nil, fmt.Errorf("%w: the token does not cover the digest sent", ErrTimestamp)
	}
	if info.Nonce == nil || info.Nonce.Cmp(nonce) != 0 {
		return nil, fmt.Errorf("%w: the token does not repeat the request's nonce", ErrTimestamp)
	}
	if err := p7.Verify(); err != nil {
		return nil, fmt.Errorf("%w: token signature: %w", ErrTimestamp, err)
	}
	return token, nil
}
