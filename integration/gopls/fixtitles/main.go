// The fixtitles command reads atomiccnt -json output and prints the
// title of each suggested fix of the diagnostics at a position, one a
// line, for integration/gopls/run.sh to look for among gopls's code
// actions.
//
//	atomiccnt -json ./... | fixtitles file.go:line:col
package main

import (
	"encoding/json"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"strings"
)

func main() {
	log.SetFlags(0)
	log.SetPrefix("fixtitles: ")
	if len(os.Args) != 2 {
		log.Fatal("usage: atomiccnt -json ./... | fixtitles file.go:line:col")
	}
	at := os.Args[1]
	var tree map[string]map[string][]struct {
		Posn           string `json:"posn"`
		SuggestedFixes []struct {
			Message string `json:"message"`
		} `json:"suggested_fixes"`
	}
	if err := json.NewDecoder(os.Stdin).Decode(&tree); err != nil {
		log.Fatal(err)
	}
	for _, byAnalyzer := range tree {
		for _, d := range byAnalyzer["atomiccnt"] {
			if d.Posn != at && !strings.HasSuffix(d.Posn, string(filepath.Separator)+at) {
				continue
			}
			for _, f := range d.SuggestedFixes {
				fmt.Println(f.Message)
			}
		}
	}
}
