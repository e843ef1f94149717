package main

import "testing"

func TestParseMutantCounts(t *testing.T) {
	for _, tt := range []struct {
		text    string
		want    mutantCounts
		wantErr bool
	}{
		{
			text: "# mutation run of runtime\n# counts candidates=170 not-counted=20 sampled=80 not-compiled=0 mutants=80 caught=77 missed=0 equivalent=3 wall=87.8s\ncaught x\n",
			want: mutantCounts{known: true, mutants: 80, caught: 77, missed: 0, equivalent: 3},
		},
		{text: "caught x\n", wantErr: true},
		{text: "# counts mutants=3 caught=3 missed=0\n", wantErr: true},
		{text: "# counts mutants=x caught=3 missed=0 equivalent=0\n", wantErr: true},
	} {
		got, err := parseMutantCounts(tt.text)
		if (err != nil) != tt.wantErr {
			t.Errorf("parseMutantCounts(%q): error %v, want error %v", tt.text, err, tt.wantErr)
			continue
		}
		if got != tt.want {
			t.Errorf("parseMutantCounts(%q) = %+v, want %+v", tt.text, got, tt.want)
		}
	}
	if got := (mutantCounts{}).cells(); got != "- | - | - | -" {
		t.Errorf("cells of no run = %q", got)
	}
}
