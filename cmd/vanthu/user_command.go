package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"golang.org/x/term"

	"vanthu/documents/role"
	"vanthu/web/account"
)

// cmdUser manages the accounts of the web pages:
//
//	vanthu user add --login LOGIN --name "Họ tên" --role ROLE [--clearance MARK]
//	vanthu user passwd --login LOGIN
//	vanthu user disable --login LOGIN
//	vanthu user enable --login LOGIN
//
// Passwords are read from standard input when it is not a terminal (one
// line), otherwise prompted for twice without echo.
func cmdUser(args []string, stdin io.Reader, out io.Writer) error {
	if len(args) == 0 {
		return errors.New("usage: vanthu user add|passwd|disable|enable --login LOGIN …")
	}
	fs := flag.NewFlagSet("user "+args[0], flag.ContinueOnError)
	login := fs.String("login", "", "login name (required)")
	name := fs.String("name", "", "full name (add)")
	roleName := fs.String("role", "", "viewer, clerk, signer or admin (add)")
	clearance := fs.String("clearance", "", `"MẬT", "TỐI MẬT" or "TUYỆT MẬT" (add)`)
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if *login == "" {
		return errors.New("--login is required")
	}
	cfg, err := LoadConfig()
	if err != nil {
		return err
	}
	ctx := context.Background()
	arc, err := openArchive(ctx, cfg, newLogger("error"))
	if err != nil {
		return err
	}
	defer arc.Close()
	store := account.NewStore(arc)
	switch args[0] {
	case "add":
		pw, err := readPassword(stdin, out)
		if err != nil {
			return err
		}
		u, err := store.Add(ctx, account.NewUser{Login: *login, Name: *name, Role: role.Role(*roleName), Clearance: *clearance, Password: pw}, "cli")
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "added %s (%s, role %s)\n", u.Login, u.Name, u.Role)
	case "passwd":
		pw, err := readPassword(stdin, out)
		if err != nil {
			return err
		}
		if _, err := store.SetPassword(ctx, *login, pw, false, "cli"); err != nil {
			return err
		}
		fmt.Fprintf(out, "password of %s changed; its sessions have ended\n", *login)
	case "disable", "enable":
		if _, err := store.SetDisabled(ctx, *login, args[0] == "disable", "cli"); err != nil {
			return err
		}
		fmt.Fprintf(out, "%sd %s\n", args[0], *login)
	default:
		return fmt.Errorf("unknown user command %q: use add, passwd, disable or enable", args[0])
	}
	return nil
}

// readPassword reads one line from a non-terminal stdin, or prompts twice
// on a terminal without echo.
func readPassword(stdin io.Reader, out io.Writer) (string, error) {
	if f, ok := stdin.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		fmt.Fprint(out, "Mật khẩu: ")
		a, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(out)
		if err != nil {
			return "", err
		}
		fmt.Fprint(out, "Nhập lại mật khẩu: ")
		b, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(out)
		if err != nil {
			return "", err
		}
		if string(a) != string(b) {
			return "", errors.New("the two passwords differ")
		}
		return string(a), nil
	}
	line, err := bufio.NewReader(stdin).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", fmt.Errorf("read the password from standard input: %w", err)
	}
	pw := strings.TrimRight(line, "\r\n")
	if pw == "" {
		return "", errors.New("no password on standard input")
	}
	return pw, nil
}
