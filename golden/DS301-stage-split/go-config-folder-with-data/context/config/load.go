package config

// Load reads defaults.yaml.
func Load() {}
