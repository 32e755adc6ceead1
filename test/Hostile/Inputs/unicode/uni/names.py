# Identifiers outside ASCII (PEP 3131), in class, method, parameter and
# variable names.


class Modèle:
    def forward(self, entrée, échelle=2):
        résultat = entrée * échelle
        return résultat


class 模型(Modèle):
    pass


class Ωmega(模型):
    def forward(self,張量):
        if self.training:
            return 張量
        return super().forward(張量)
