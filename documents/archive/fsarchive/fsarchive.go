package fsarchive

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"time"

	"vanthu/documents/archive"
)

const (
	objectsDir    = "objects"
	sumsDir       = "sums"
	sumSuffix     = ".sha256"
	tempPrefix    = ".tmp-"
	dirPerm       = 0o755
	objectPerm    = 0o644
	protectedPerm = 0o444
	lockStripes   = 64
)

// Archive stores objects in a directory tree; see the package documentation
// for the layout. It is safe for concurrent use, also by several processes
// sharing one root.
type Archive struct {
	objects *os.Root
	sums    *os.Root
	// locks serialise Create and Delete of one key inside this process, so
	// that a Delete cannot remove the checksum file of an object re-created
	// under the same key meanwhile. Write-once across processes rests on
	// link(2) alone.
	locks [lockStripes]sync.Mutex
}

var _ archive.Archive = (*Archive)(nil)

// Open opens the archive rooted at root, creating root/objects and root/sums
// when they do not exist.
func Open(root string) (*Archive, error) {
	if root == "" {
		return nil, errors.New("fsarchive: open: empty root directory")
	}
	abs, err := filepath.Abs(root)
	if err != nil {
		return nil, fmt.Errorf("fsarchive: open %q: %w", root, err)
	}
	a := &Archive{}
	for _, sub := range []struct {
		name string
		dst  **os.Root
	}{{objectsDir, &a.objects}, {sumsDir, &a.sums}} {
		dir := filepath.Join(abs, sub.name)
		if err := os.MkdirAll(dir, dirPerm); err != nil {
			a.Close()
			return nil, fmt.Errorf("fsarchive: open %q: %w", root, err)
		}
		r, err := os.OpenRoot(dir)
		if err != nil {
			a.Close()
			return nil, fmt.Errorf("fsarchive: open %q: %w", root, err)
		}
		*sub.dst = r
	}
	return a, nil
}

// Close releases the directory handles. The archive must not be used afterwards.
func (a *Archive) Close() error {
	var errs []error
	for _, r := range []*os.Root{a.objects, a.sums} {
		if r != nil {
			errs = append(errs, r.Close())
		}
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("fsarchive: close: %w", err)
	}
	return nil
}

// Create stores data under key unless an object already exists there.
func (a *Archive) Create(ctx context.Context, key string, data []byte, opts archive.CreateOptions) (archive.ObjectInfo, error) {
	info, err := a.create(ctx, key, data, opts)
	if err != nil {
		return archive.ObjectInfo{}, fmt.Errorf("fsarchive: create %q: %w", key, err)
	}
	return info, nil
}

func (a *Archive) create(ctx context.Context, key string, data []byte, opts archive.CreateOptions) (archive.ObjectInfo, error) {
	if err := ctx.Err(); err != nil {
		return archive.ObjectInfo{}, err
	}
	name, err := a.resolve(key)
	if err != nil {
		return archive.ObjectInfo{}, err
	}
	// Cheap early answer; the link below is what decides.
	if fi, err := a.objects.Lstat(name); err == nil {
		return archive.ObjectInfo{}, existsErr(fi, name)
	}

	sum := sha256.Sum256(data)
	sumHex := hex.EncodeToString(sum[:])
	perm := fs.FileMode(objectPerm)
	if opts.Protect {
		perm = protectedPerm
	}
	dir := filepath.Dir(name)
	if err := mkdirAll(a.objects, dir); err != nil {
		return archive.ObjectInfo{}, err
	}
	if err := mkdirAll(a.sums, dir); err != nil {
		return archive.ObjectInfo{}, err
	}
	tmp, err := writeTemp(a.objects, dir, data, perm)
	if err != nil {
		return archive.ObjectInfo{}, mapErr(err)
	}
	defer a.objects.Remove(tmp) // a no-op once committed
	sumTmp, err := writeTemp(a.sums, dir, []byte(sumHex+"  "+key+"\n"), perm)
	if err != nil {
		return archive.ObjectInfo{}, mapErr(err)
	}
	defer a.sums.Remove(sumTmp) // a no-op once renamed
	if err := ctx.Err(); err != nil {
		return archive.ObjectInfo{}, err
	}

	if err := a.commit(key, name, tmp, sumTmp); err != nil {
		return archive.ObjectInfo{}, err
	}
	if err := a.objects.Remove(tmp); err != nil {
		return archive.ObjectInfo{}, mapErr(err)
	}
	if err := errors.Join(syncDir(a.objects, dir), syncDir(a.sums, dir)); err != nil {
		return archive.ObjectInfo{}, mapErr(err)
	}
	created := time.Now().UTC()
	if fi, err := a.objects.Lstat(name); err == nil {
		created = fi.ModTime().UTC()
	}
	return archive.ObjectInfo{
		Key:       key,
		Size:      int64(len(data)),
		SHA256:    sumHex,
		Created:   created,
		Protected: opts.Protect,
	}, nil
}

// commit links the written temporary file to the object's name, failing
// when the name exists, and then moves the checksum file into place.
func (a *Archive) commit(key, name, tmp, sumTmp string) error {
	mu := a.lock(key)
	mu.Lock()
	defer mu.Unlock()
	if err := a.objects.Link(tmp, name); err != nil {
		if fi, serr := a.objects.Lstat(name); serr == nil && fi.IsDir() {
			return existsErr(fi, name)
		}
		return mapErr(err) // EEXIST: another creator won
	}
	// Only the creator that won the link gets here, so replacing a checksum
	// file left behind by an interrupted Delete is safe.
	if err := a.sums.Rename(sumTmp, name+sumSuffix); err != nil {
		return fmt.Errorf("object stored but its checksum file was not: %w", err)
	}
	return nil
}

// Open returns the object's content; reading it to EOF verifies its SHA-256.
func (a *Archive) Open(ctx context.Context, key string) (io.ReadCloser, archive.ObjectInfo, error) {
	rc, info, err := a.open(ctx, key)
	if err != nil {
		return nil, archive.ObjectInfo{}, fmt.Errorf("fsarchive: open %q: %w", key, err)
	}
	return rc, info, nil
}

func (a *Archive) open(ctx context.Context, key string) (io.ReadCloser, archive.ObjectInfo, error) {
	if err := ctx.Err(); err != nil {
		return nil, archive.ObjectInfo{}, err
	}
	name, err := a.resolve(key)
	if err != nil {
		return nil, archive.ObjectInfo{}, err
	}
	f, err := a.objects.Open(name)
	if err != nil {
		return nil, archive.ObjectInfo{}, mapErr(err)
	}
	info, err := a.fileInfo(ctx, key, name, f)
	if err != nil {
		f.Close()
		return nil, archive.ObjectInfo{}, err
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		f.Close()
		return nil, archive.ObjectInfo{}, err
	}
	return archive.NewVerifyingReader(ctx, f, info.SHA256), info, nil
}

// Stat describes the object stored under key.
func (a *Archive) Stat(ctx context.Context, key string) (archive.ObjectInfo, error) {
	info, err := a.stat(ctx, key)
	if err != nil {
		return archive.ObjectInfo{}, fmt.Errorf("fsarchive: stat %q: %w", key, err)
	}
	return info, nil
}

func (a *Archive) stat(ctx context.Context, key string) (archive.ObjectInfo, error) {
	if err := ctx.Err(); err != nil {
		return archive.ObjectInfo{}, err
	}
	name, err := a.resolve(key)
	if err != nil {
		return archive.ObjectInfo{}, err
	}
	return a.statName(ctx, key, name)
}

// statName describes an object whose key has already been resolved.
func (a *Archive) statName(ctx context.Context, key, name string) (archive.ObjectInfo, error) {
	f, err := a.objects.Open(name)
	if err != nil {
		return archive.ObjectInfo{}, mapErr(err)
	}
	defer f.Close()
	return a.fileInfo(ctx, key, name, f)
}

// fileInfo builds the ObjectInfo of the open object file f. The SHA-256 comes
// from the checksum file; when that is missing (a crash between link and
// rename in Create) it is computed from the content.
func (a *Archive) fileInfo(ctx context.Context, key, name string, f *os.File) (archive.ObjectInfo, error) {
	fi, err := f.Stat()
	if err != nil {
		return archive.ObjectInfo{}, mapErr(err)
	}
	if !fi.Mode().IsRegular() {
		// A directory: key is only a prefix of other keys.
		return archive.ObjectInfo{}, fmt.Errorf("%w: %s is a directory", archive.ErrNotFound, name)
	}
	sum, err := a.readSum(name)
	if errors.Is(err, fs.ErrNotExist) {
		sum, err = hashFile(ctx, f)
	}
	if err != nil {
		return archive.ObjectInfo{}, err
	}
	return archive.ObjectInfo{
		Key:       key,
		Size:      fi.Size(),
		SHA256:    sum,
		Created:   fi.ModTime().UTC(),
		Protected: fi.Mode().Perm()&0o222 == 0,
	}, nil
}

// readSum returns the SHA-256 recorded in the checksum file of name.
func (a *Archive) readSum(name string) (string, error) {
	b, err := a.sums.ReadFile(name + sumSuffix)
	if err != nil {
		return "", err
	}
	sum, _, _ := strings.Cut(string(b), " ")
	if _, err := hex.DecodeString(sum); err != nil || len(sum) != sha256.Size*2 || strings.ToLower(sum) != sum {
		return "", fmt.Errorf("%w: malformed checksum file %s%s", archive.ErrCorrupt, name, sumSuffix)
	}
	return sum, nil
}

// Delete removes an unprotected object.
func (a *Archive) Delete(ctx context.Context, key string) error {
	if err := a.delete(ctx, key); err != nil {
		return fmt.Errorf("fsarchive: delete %q: %w", key, err)
	}
	return nil
}

func (a *Archive) delete(ctx context.Context, key string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	name, err := a.resolve(key)
	if err != nil {
		return err
	}
	mu := a.lock(key)
	mu.Lock()
	defer mu.Unlock()
	fi, err := a.objects.Lstat(name)
	if err != nil {
		return mapErr(err)
	}
	if !fi.Mode().IsRegular() {
		return fmt.Errorf("%w: %s is a directory", archive.ErrNotFound, name)
	}
	if fi.Mode().Perm()&0o222 == 0 {
		return fmt.Errorf("%w: %s is read-only", archive.ErrProtected, name)
	}
	// The object goes first: a crash in between leaves an orphaned checksum
	// file, which the next Create of the key replaces, never an object
	// without its checksum.
	if err := a.objects.Remove(name); err != nil {
		return mapErr(err)
	}
	if err := a.sums.Remove(name + sumSuffix); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return mapErr(err)
	}
	dir := filepath.Dir(name)
	return mapErr(errors.Join(syncDir(a.objects, dir), syncDir(a.sums, dir)))
}

// Walk calls fn for every object whose key starts with prefix, in key order.
// An error returned by fn stops the walk and is returned unchanged.
func (a *Archive) Walk(ctx context.Context, prefix string, fn func(archive.ObjectInfo) error) error {
	return a.walkKeys(ctx, prefix, func(key string) error {
		info, err := a.statName(ctx, key, filepath.FromSlash(key))
		if errors.Is(err, archive.ErrNotFound) {
			return nil // deleted meanwhile
		}
		if err != nil {
			return fmt.Errorf("fsarchive: walk %q: %w", prefix, err)
		}
		return fn(info)
	})
}

// Keys calls fn with every key that starts with prefix, in key order,
// without describing the objects. An error returned by fn stops the walk and
// is returned unchanged.
func (a *Archive) Keys(ctx context.Context, prefix string, fn func(key string) error) error {
	return a.walkKeys(ctx, prefix, fn)
}

// walkKeys starts at the deepest directory the prefix names, so that listing
// one document's objects reads that document's directory, not every
// document's.
func (a *Archive) walkKeys(ctx context.Context, prefix string, fn func(key string) error) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("fsarchive: walk %q: %w", prefix, err)
	}
	if !archive.ValidPrefix(prefix) {
		return nil
	}
	start := ""
	if i := strings.LastIndexByte(prefix, '/'); i >= 0 {
		start = prefix[:i]
	}
	return a.walkDir(ctx, start, prefix, fn)
}

// walkDir visits the directory holding the keys that start with dir + "/"
// (dir is "" for the top). Entries are visited in key order: a directory
// sorts as its name followed by '/', because '-' and '.' sort before '/'
// ("a-b" < "a.c" < "a/b"). A directory that is missing, or is a file, holds
// no keys.
func (a *Archive) walkDir(ctx context.Context, dir, prefix string, fn func(key string) error) error {
	type entry struct {
		sortKey, key string
		isDir        bool
	}
	des, err := readDir(a.objects, dir)
	if dir != "" && (errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENOTDIR)) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("fsarchive: walk %q: %w", prefix, mapErr(err))
	}
	entries := make([]entry, 0, len(des))
	for _, de := range des {
		name := de.Name()
		if !archive.ValidKey(name) {
			continue // temporary files and anything not written by the archive
		}
		key := path.Join(dir, name)
		switch {
		case de.IsDir():
			entries = append(entries, entry{name + "/", key, true})
		case de.Type().IsRegular():
			entries = append(entries, entry{name, key, false})
		}
	}
	slices.SortFunc(entries, func(x, y entry) int { return strings.Compare(x.sortKey, y.sortKey) })

	for _, e := range entries {
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("fsarchive: walk %q: %w", prefix, err)
		}
		if e.isDir {
			if strings.HasPrefix(e.key+"/", prefix) || strings.HasPrefix(prefix, e.key+"/") {
				if err := a.walkDir(ctx, e.key, prefix, fn); err != nil {
					return err
				}
			}
			continue
		}
		if !strings.HasPrefix(e.key, prefix) {
			continue
		}
		if err := fn(e.key); err != nil {
			return err
		}
	}
	return nil
}

// resolve validates key and returns its path relative to the roots. Besides
// the syntax check it refuses keys whose path crosses a symbolic link: the
// archive never creates links, so one found in the tree was planted and may
// point outside the root. (os.Root blocks escapes as well; this check turns
// them into ErrInvalidKey.)
func (a *Archive) resolve(key string) (string, error) {
	if !archive.ValidKey(key) {
		return "", fmt.Errorf("%w: %q", archive.ErrInvalidKey, key)
	}
	name := filepath.FromSlash(key)
	if !filepath.IsLocal(name) {
		return "", fmt.Errorf("%w: %q is not a local path", archive.ErrInvalidKey, key)
	}
	for i := range len(key) + 1 {
		if i < len(key) && key[i] != '/' {
			continue
		}
		fi, err := a.objects.Lstat(filepath.FromSlash(key[:i]))
		if err != nil {
			break // nothing further down exists; the operation reports it
		}
		if fi.Mode()&fs.ModeSymlink != 0 {
			return "", fmt.Errorf("%w: %q crosses a symbolic link and may resolve outside the archive", archive.ErrInvalidKey, key)
		}
	}
	return name, nil
}

func (a *Archive) lock(key string) *sync.Mutex {
	h := fnv.New32a()
	h.Write([]byte(key))
	return &a.locks[h.Sum32()%lockStripes]
}

// existsErr describes why Create cannot use name, which already exists.
func existsErr(fi fs.FileInfo, name string) error {
	if fi.IsDir() {
		return fmt.Errorf("%s is the parent directory of other objects", name)
	}
	return fmt.Errorf("%w: %s", archive.ErrExists, name)
}

// mkdirAll creates dir and its parents. When it creates anything, the
// parents are synced so that the new directories survive a crash.
func mkdirAll(r *os.Root, dir string) error {
	if fi, err := r.Stat(dir); err == nil && fi.IsDir() {
		return nil
	}
	if err := r.MkdirAll(dir, dirPerm); err != nil {
		if errors.Is(err, syscall.ENOTDIR) || errors.Is(err, fs.ErrExist) {
			return fmt.Errorf("a parent of the key is an object: %w", err)
		}
		return mapErr(err)
	}
	for d := dir; ; d = filepath.Dir(d) {
		if err := syncDir(r, filepath.Dir(d)); err != nil {
			return mapErr(err)
		}
		if filepath.Dir(d) == "." {
			return nil
		}
	}
}

// writeTemp writes data to a new temporary file in dir, syncs it, sets perm
// and returns its name.
func writeTemp(r *os.Root, dir string, data []byte, perm fs.FileMode) (string, error) {
	name := filepath.Join(dir, tempPrefix+rand.Text())
	f, err := r.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return "", err
	}
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if err == nil {
		err = f.Chmod(perm)
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		r.Remove(name)
		return "", err
	}
	return name, nil
}

func syncDir(r *os.Root, dir string) error {
	f, err := r.Open(dir)
	if err != nil {
		return err
	}
	defer f.Close()
	return f.Sync()
}

func readDir(r *os.Root, dir string) ([]fs.DirEntry, error) {
	if dir == "" {
		dir = "."
	}
	f, err := r.Open(filepath.FromSlash(dir))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return f.ReadDir(-1)
}

// hashFile returns the SHA-256 of f's content, read from the start.
func hashFile(ctx context.Context, f *os.File) (string, error) {
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return "", err
	}
	h := sha256.New()
	if _, err := io.Copy(h, &ctxReader{ctx, f}); err != nil {
		return "", mapErr(err)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c *ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}

// mapErr maps a native filesystem error to the archive's sentinel errors,
// keeping the native error reachable. Context errors and unknown errors are
// returned unchanged.
func mapErr(err error) error {
	var sentinel error
	switch {
	case err == nil:
		return nil
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return err
	case errors.Is(err, fs.ErrNotExist), errors.Is(err, syscall.ENOTDIR):
		sentinel = archive.ErrNotFound
	case errors.Is(err, fs.ErrExist):
		sentinel = archive.ErrExists
	case errors.Is(err, syscall.ENOSPC), errors.Is(err, syscall.EDQUOT),
		errors.Is(err, syscall.EROFS), errors.Is(err, syscall.EIO):
		sentinel = archive.ErrUnavailable
	default:
		return err
	}
	return fmt.Errorf("%w: %w", sentinel, err)
}
