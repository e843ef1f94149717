package atomiccnt

import "testing"

func TestHasTestPrefix(t *testing.T) {
	for _, tt := range []struct {
		name, prefix string
		want         bool
	}{
		{"Test", "Test", true},
		{"TestFoo", "Test", true},
		{"Test_foo", "Test", true},
		{"Test1", "Test", true},
		{"Testing", "Test", false},
		{"Testé", "Test", false},
		{"BenchmarkX", "Benchmark", true},
		{"Benchmarks", "Benchmark", false},
		{"Example", "Example", true},
		{"ExampleSink_second", "Example", true},
		{"Examples", "Example", false},
		{"FuzzParse", "Fuzz", true},
		{"helperTest", "Test", false},
	} {
		if got := hasTestPrefix(tt.name, tt.prefix); got != tt.want {
			t.Errorf("hasTestPrefix(%q, %q) = %v, want %v", tt.name, tt.prefix, got, tt.want)
		}
	}
}
