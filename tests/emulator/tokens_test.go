package emulator

import "github.com/pulumi/pulumi/sdk/v3/go/common/tokens"

func tokensType(s string) tokens.Type { return tokens.Type(s) }
