from core.exceptions import InvalidTransition


class OrderTransitionRefused(InvalidTransition):
    code = "invalid_order_transition"

    def __init__(self, *, current: str, target: str):
        super().__init__(current=current, target=target, what="order")
