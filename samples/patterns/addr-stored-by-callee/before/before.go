// Every case here moves a variable to the heap because a callee is given its
// address, and each is a "when not to": the callee keeps or fills what the
// pointer points to, or is not this module's to change. (A callee that only
// reads through the pointer does not make the compiler move the variable.)
package before

import "encoding/json"

type Config struct{ Limit, Burst int }

var registry []*Config

// register keeps the pointer: by value it would keep a copy.
func register(c *Config) { registry = append(registry, c) }

func Attach(limit int) int {
	var cfg Config // held "callee-writes"
	cfg.Limit = limit
	register(&cfg)
	return cfg.Burst
}

// decodeConfig fills the value it is given: a decode target.
func decodeConfig(data []byte, c *Config) error { return json.Unmarshal(data, c) }

func Load(data []byte) (int, error) {
	var cfg Config // held "decode-target"
	err := decodeConfig(data, &cfg)
	return cfg.Limit, err
}

// A library callee: its signature is not ours.
func Parse(data []byte) (int, error) {
	var cfg Config // held "callee-outside-module"
	err := json.Unmarshal(data, &cfg)
	return cfg.Burst, err
}
