package emulator

import "fmt"

// APIError is a refusal shaped like an Alibaba Cloud OpenAPI error: a dotted
// code such as "InvalidCidrBlock.Overlapped" followed by a message that names
// the input, the value, the rule and what to do.
type APIError struct {
	// Code is the Alibaba-style error code.
	Code string
	// Message explains the refusal.
	Message string
}

// Error renders the error as "Code: Message", the form the real provider
// surfaces to Pulumi users.
func (e *APIError) Error() string { return e.Code + ": " + e.Message }

// refuse builds an APIError with a formatted message.
func refuse(code, format string, args ...any) error {
	return &APIError{Code: code, Message: fmt.Sprintf(format, args...)}
}

// notFound is the refusal for a reference to a resource that does not exist
// in this region.
func notFound(code, input, id, region string) error {
	return refuse(code, "%s %q does not exist in region %s: create it first or pass the id of an existing resource of the same region (provider region must match)", input, id, region)
}
