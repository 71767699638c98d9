// Command vanthu fills official Party documents from templates, archives
// them and finds them by regulation number.
//
//	vanthu serve                      start the HTTP service
//	vanthu render --template NAME --data FILE.json --out FILE.docx
//	vanthu reindex                    rebuild the index from the archive
//	vanthu check [--json]             read the whole archive back and report what is wrong
//	vanthu verify FILE.docx FILE.p7s [--cert CERT.pem]
//	vanthu token add --name NAME --role ROLE [--clearance MARK]
//	vanthu migrate --from DIR         copy an embedded archive into the configured one
//	vanthu user add|passwd|disable|enable --login LOGIN   accounts of the web pages
package main

import (
	"fmt"
	"os"
)

const usage = `usage:
  vanthu serve
  vanthu render --template NAME --data FILE.json --out FILE.docx
  vanthu reindex
  vanthu check [--json]
  vanthu verify FILE.docx FILE.p7s [--cert CERT.pem]
  vanthu token add --name NAME --role viewer|clerk|signer|admin [--clearance "MẬT"|"TỐI MẬT"|"TUYỆT MẬT"]
  vanthu migrate --from DATA_DIR
  vanthu user add --login LOGIN --name "Họ tên" --role viewer|clerk|signer|admin [--clearance MARK]
  vanthu user passwd|disable|enable --login LOGIN

Configuration comes from VANTHU_* environment variables (see README.md).
`

func main() {
	if len(os.Args) < 2 {
		fmt.Fprint(os.Stderr, usage)
		os.Exit(2)
	}
	var err error
	args := os.Args[2:]
	switch os.Args[1] {
	case "serve":
		err = cmdServe(args)
	case "render":
		err = cmdRender(args)
	case "reindex":
		err = cmdReindex(args, os.LookupEnv)
	case "check":
		var ok bool
		ok, err = cmdCheck(args, os.LookupEnv, os.Stdout)
		if err == nil && !ok {
			os.Exit(1)
		}
	case "verify":
		var ok bool
		ok, err = cmdVerify(args, os.LookupEnv, os.Stdout)
		if err == nil && !ok {
			os.Exit(1)
		}
	case "token":
		err = cmdToken(args)
	case "migrate":
		err = cmdMigrate(args)
	case "user":
		err = cmdUser(args, os.Stdin, os.Stdout)
	case "help", "-h", "--help":
		fmt.Print(usage)
		return
	default:
		fmt.Fprintf(os.Stderr, "vanthu: unknown command %q\n\n%s", os.Args[1], usage)
		os.Exit(2)
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "vanthu %s: %v\n", os.Args[1], err)
		os.Exit(1)
	}
}
