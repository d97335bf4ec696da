package provider

import "github.com/pulumi/pulumi/sdk/v3/go/pulumi"

// knownString returns the value of an input that is a literal known before any resource
// exists (a value the user wrote, or a config value). Outputs of other resources return
// false: they are checked when they become known.
func knownString(in pulumi.StringInput) (string, bool) {
	if s, ok := in.(pulumi.String); ok {
		return string(s), true
	}
	return "", false
}

// orString is a string input, or def when the input is nil.
func orString(in pulumi.StringInput, def string) pulumi.StringInput {
	if in == nil {
		return pulumi.String(def)
	}
	return in
}

// orInt is an int input, or def when the input is nil.
func orInt(in pulumi.IntInput, def int) pulumi.IntInput {
	if in == nil {
		return pulumi.Int(def)
	}
	return in
}

// stringArray turns a list of string inputs into an array input; nil stays unset. Component
// args use []pulumi.StringInput so that the schema lets each element be an output.
func stringArray(in []pulumi.StringInput) pulumi.StringArrayInput {
	if in == nil {
		return nil
	}
	return pulumi.StringArray(in)
}

// stringMap turns a map of string inputs into a map input; nil stays unset.
func stringMap(in map[string]pulumi.StringInput) pulumi.StringMapInput {
	if in == nil {
		return nil
	}
	return pulumi.StringMap(in)
}
