// Package searchtest is the conformance suite every [search.Index] driver
// runs, and test helpers shared by the drivers' tests.
//
// A driver's test calls [Run] with a constructor that returns a fresh, empty
// index for each subtest:
//
//	func TestConformance(t *testing.T) {
//		searchtest.Run(t, func(t *testing.T) search.Index {
//			idx, err := bleveindex.Open(t.TempDir())
//			...
//		})
//	}
//
// [StartMeilisearch] runs a real Meilisearch server for the duration of a
// test. It needs the binary named by VANTHU_TEST_MEILI_BIN (installed by
// .ci/install-servers.sh); without it the test is skipped, or fails when
// CI=true. The process is run by [vanthu/documents/testserver], shared
// with the MinIO helper.
package searchtest
