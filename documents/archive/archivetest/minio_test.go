package archivetest

import (
	"context"
	"testing"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"

	"vanthu/documents/testserver"
)

// TestMinIOPortTaken: when the port chosen for a new server is already
// served by another MinIO (another test process took it in between), the
// new server is not fooled by the other's readiness answer: it starts again
// on other ports, and both servers work with their own credentials.
func TestMinIOPortTaken(t *testing.T) {
	first := StartMinIO(t)
	attempts := 0
	second := startMinIO(t, func() ([]string, error) {
		attempts++
		addrs, err := testserver.FreeAddrs(2)
		if attempts == 1 && err == nil {
			addrs[0] = first.Endpoint()
		}
		return addrs, err
	})
	if attempts != 2 || second.Endpoint() == first.Endpoint() {
		t.Fatalf("second server at %s after %d attempts (first at %s)", second.Endpoint(), attempts, first.Endpoint())
	}
	for _, s := range []*MinIOServer{first, second} {
		client, err := minio.New(s.Endpoint(), &minio.Options{Creds: credentials.NewStaticV4(s.AccessKey(), s.SecretKey(), "")})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := client.ListBuckets(context.Background()); err != nil {
			t.Errorf("server at %s: %v", s.Endpoint(), err)
		}
		if !s.Running() {
			t.Errorf("server at %s is not running", s.Endpoint())
		}
	}
}
