from accounts.models import Role, User
from core.demo_support import DEMO_PASSWORD

WRITERS_PER_WEBSITE = 4
CLIENTS_PER_WEBSITE = 6


def _user(username: str, role: str, website, first_name: str = "") -> User:
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User.objects.create_user(
            username=username,
            email=f"{username}@example.com",
            password=DEMO_PASSWORD,
            role=role,
            website=website,
            first_name=first_name,
        )  # staff status follows the role (`User.save`)
    return user


def seed(context: dict) -> None:
    context["password"] = DEMO_PASSWORD
    context["superadmin"] = _user("superadmin", Role.SUPERADMIN, None, "Sam")
    context["logins"].append(("superadmin", "superadmin", "all websites"))
    context["admins"], context["writers"], context["clients"] = {}, {}, {}
    for website in context["websites"]:
        slug = website.slug
        context["admins"][slug] = _user(f"admin_{slug}", Role.ADMIN, website, "Admin")
        context["writers"][slug] = [
            _user(f"writer_{slug}_{n}", Role.WRITER, website, f"Writer {n}")
            for n in range(1, WRITERS_PER_WEBSITE + 1)
        ]
        context["clients"][slug] = [
            _user(f"client_{slug}_{n}", Role.CLIENT, website, f"Client {n}")
            for n in range(1, CLIENTS_PER_WEBSITE + 1)
        ]
        context["logins"] += [
            ("admin", f"admin_{slug}", website.name),
            ("writer", f"writer_{slug}_1", website.name),
            ("client", f"client_{slug}_1", website.name),
        ]
