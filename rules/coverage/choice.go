package coverage

import (
	"errors"
	"fmt"
	"slices"

	"github.com/valetops/assistance/contract"
)

// Errors a refused choice wraps (test with errors.Is).
var (
	ErrNotOffered    = errors.New("not offered")
	ErrAlreadyChosen = errors.New("already chosen")
	ErrCannotCombine = errors.New("cannot be combined")
)

// choosableServices are the additional services a beneficiary chooses from.
var choosableServices = []contract.Service{
	contract.ServiceReplacementVehicle, contract.ServiceOnwardTravel, contract.ServiceHotel,
}

// ValidateChoice checks a beneficiary's choice against what was offered and
// what was already chosen. The error explains the refusal: the service is not
// offered, was already chosen, or cannot be combined with an earlier choice
// (only one of replacement vehicle, onward travel and hotel per case when the
// program says so).
func ValidateChoice(ent Entitlement, alreadyChosen []contract.Service, choice contract.Service) error {
	if !slices.Contains(ent.Offered, choice) {
		if len(ent.Offered) == 0 {
			return fmt.Errorf("%s is %w: no additional services are due for this case", choice, ErrNotOffered)
		}
		return fmt.Errorf("%s is %w; offered: %s", choice, ErrNotOffered, joinServices(ent.Offered))
	}
	if slices.Contains(alreadyChosen, choice) {
		return fmt.Errorf("%s was %w for this case", choice, ErrAlreadyChosen)
	}
	if !ent.OneChoiceOnly {
		return nil
	}
	for _, c := range alreadyChosen {
		if slices.Contains(choosableServices, c) {
			return fmt.Errorf("%s %w with %s, already chosen: only one of %s may be chosen per case",
				choice, ErrCannotCombine, c, joinServices(ent.Offered))
		}
	}
	return nil
}
