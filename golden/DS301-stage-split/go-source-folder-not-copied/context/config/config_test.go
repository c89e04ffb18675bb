package config

import "testing"

func TestPort(t *testing.T) {}
