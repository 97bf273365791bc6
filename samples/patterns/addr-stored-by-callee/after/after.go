package after

type Config struct{ Limit, Burst int }

var registry []Config

func register(c Config) { registry = append(registry, c) }

func Attach(limit int) int {
	var cfg Config
	cfg.Limit = limit
	register(cfg)
	return cfg.Burst
}
