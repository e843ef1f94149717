// The fixinfo command reads atomiccnt -json output and prints what the
// integration scripts need to know about its suggested fixes, one item
// a line:
//
//	atomiccnt -json ./... | fixinfo -titles file.go:line:col
//	atomiccnt -json ./... | fixinfo -messages
//
// -titles prints the title of each fix of the diagnostics at a position
// (integration/gopls/run.sh looks for them among gopls's code actions);
// -messages prints the message of each diagnostic that has a fix
// (integration/golangci/run.sh checks they are gone after --fix).
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

func main() {
	log.SetFlags(0)
	log.SetPrefix("fixinfo: ")
	titles := flag.String("titles", "", "print the fix titles of the diagnostics at `file:line:col`")
	messages := flag.Bool("messages", false, "print the messages of the diagnostics that have fixes")
	flag.Parse()
	if (*titles == "") == !*messages || flag.NArg() > 0 {
		log.Fatal("usage: atomiccnt -json ./... | fixinfo (-titles file.go:line:col | -messages)")
	}
	var tree map[string]map[string][]struct {
		Posn           string `json:"posn"`
		Message        string `json:"message"`
		SuggestedFixes []struct {
			Message string `json:"message"`
		} `json:"suggested_fixes"`
	}
	if err := json.NewDecoder(os.Stdin).Decode(&tree); err != nil {
		log.Fatal(err)
	}
	var out []string
	for _, byAnalyzer := range tree {
		for _, d := range byAnalyzer["atomiccnt"] {
			switch {
			case *messages && len(d.SuggestedFixes) > 0:
				out = append(out, d.Message)
			case *titles != "" && (d.Posn == *titles || strings.HasSuffix(d.Posn, string(filepath.Separator)+*titles)):
				for _, f := range d.SuggestedFixes {
					out = append(out, f.Message)
				}
			}
		}
	}
	if *messages {
		sort.Strings(out) // packages come in map order
	}
	for _, s := range out {
		fmt.Println(s)
	}
}
