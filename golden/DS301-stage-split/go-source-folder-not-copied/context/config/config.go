package config

// Port is where the site listens.
const Port = 8080
