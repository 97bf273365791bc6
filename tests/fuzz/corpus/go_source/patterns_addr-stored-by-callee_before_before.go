package before

type Config struct{ Limit, Burst int }

var current *Config

//go:noinline
func register(c *Config) { current = c }

func Setup(limit int) int {
	var cfg Config // want "addr-stored-by-callee"
	cfg.Limit = limit
	register(&cfg)
	return cfg.Burst
}
