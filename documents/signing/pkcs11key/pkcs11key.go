//go:build cgo

package pkcs11key

import (
	"crypto"
	"errors"
	"fmt"

	"github.com/ThalesGroup/crypto11"
	"github.com/miekg/pkcs11"

	"vanthu/documents/signing"
)

// Key is an open session to the token and the signer over its key.
type Key struct {
	ctx    *crypto11.Context
	signer *signing.Signer
}

// Open logs in to the token and finds the key pair and its certificate.
// Close the Key when done.
func Open(cfg Config) (*Key, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	ctx, err := crypto11.Configure(&crypto11.Config{Path: cfg.Module, TokenLabel: cfg.Token, Pin: cfg.PIN})
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %w", signing.ErrBadKey, explain(cfg, err), err)
	}
	k := &Key{ctx: ctx}
	if err := k.load(cfg); err != nil {
		ctx.Close()
		return nil, err
	}
	return k, nil
}

func (k *Key) load(cfg Config) error {
	priv, err := k.ctx.FindKeyPair(nil, []byte(cfg.KeyLabel))
	if err != nil || priv == nil {
		if err == nil {
			err = errors.New("not found")
		}
		return fmt.Errorf("%w: key pair labelled %q (VANTHU_SIGN_PKCS11_KEY_LABEL) in token %q: %w",
			signing.ErrBadKey, cfg.KeyLabel, cfg.Token, err)
	}
	certs := cfg.Certificates
	if certs == nil {
		cert, err := k.ctx.FindCertificate(nil, []byte(cfg.KeyLabel), nil)
		if err != nil || cert == nil {
			return fmt.Errorf("%w: no certificate labelled %q in token %q; put it there or set VANTHU_SIGN_CERT",
				signing.ErrBadKey, cfg.KeyLabel, cfg.Token)
		}
		certs = append(certs, cert)
	}
	var signer crypto.Signer = priv
	k.signer, err = signing.NewFromCertificates(signer, certs)
	return err
}

// explain names the setting an error of crypto11.Configure points at.
// A refused PIN is a pkcs11.Error code; a module that does not load and a
// token that is not there are untyped errors in crypto11, so on those
// paths the module is probed again directly (see probe).
func explain(cfg Config, err error) string {
	var rv pkcs11.Error
	if errors.As(err, &rv) {
		switch rv {
		case pkcs11.CKR_PIN_INCORRECT, pkcs11.CKR_PIN_INVALID, pkcs11.CKR_PIN_LEN_RANGE:
			return "the token refused the PIN (VANTHU_SIGN_PKCS11_PIN)"
		case pkcs11.CKR_PIN_LOCKED:
			return "the token's PIN is locked (VANTHU_SIGN_PKCS11_PIN); unlock it with the token's own tool"
		}
	}
	switch perr := probe(cfg); {
	case errors.Is(perr, errModule):
		return fmt.Sprintf("cannot load the PKCS#11 library %s (VANTHU_SIGN_PKCS11_MODULE)", cfg.Module)
	case errors.Is(perr, errNoToken):
		return fmt.Sprintf("no token labelled %q (VANTHU_SIGN_PKCS11_TOKEN)", cfg.Token)
	}
	return fmt.Sprintf("cannot open token %q with %s (VANTHU_SIGN_PKCS11_MODULE, _TOKEN, _PIN)", cfg.Token, cfg.Module)
}

// Errors of probe.
var (
	errModule  = errors.New("pkcs11key: the module does not load")
	errNoToken = errors.New("pkcs11key: no token with the label")
)

// probe loads cfg.Module on its own and looks for the token labelled
// cfg.Token: it returns an error wrapping errModule when the library
// cannot be loaded or initialised, errNoToken when no present token has the
// label, or nil. It finalises the module only if it initialised it, so a
// context crypto11 still holds is not disturbed.
func probe(cfg Config) error {
	p := pkcs11.New(cfg.Module)
	if p == nil {
		return errModule
	}
	defer p.Destroy()
	switch err := p.Initialize(); {
	case err == nil:
		defer p.Finalize()
	case !errors.Is(err, pkcs11.Error(pkcs11.CKR_CRYPTOKI_ALREADY_INITIALIZED)):
		return fmt.Errorf("%w: %w", errModule, err)
	}
	slots, err := p.GetSlotList(true)
	if err != nil {
		return fmt.Errorf("list the slots: %w", err)
	}
	for _, slot := range slots {
		info, err := p.GetTokenInfo(slot)
		if err != nil {
			return fmt.Errorf("read the token of slot %d: %w", slot, err)
		}
		if info.Label == cfg.Token {
			return nil
		}
	}
	return errNoToken
}

// Signer returns the signer over the token's key.
func (k *Key) Signer() *signing.Signer { return k.signer }

// Close logs out and unloads the module.
func (k *Key) Close() error { return k.ctx.Close() }
