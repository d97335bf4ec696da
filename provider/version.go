package provider

// Name is the Pulumi package name.
const Name = "alicloud-eip"

// Version is the package version: the one place it is set. The binary reports it and
// `make schema` writes it into schema.json, from which every SDK takes it.
const Version = "0.1.0"
